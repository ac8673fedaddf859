using Provisioner.Aws.Sns;

namespace Provisioner.Aws.Tests.Moto;

public sealed class SnsMotoTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task Topic_CreateSubscribeListTagDelete_RoundTrips()
    {
        var tags = new Dictionary<string, string> { ["provisioner:environment"] = "shop-dev" };
        var topicArn = await Aws.Sns.CreateTopicAsync("prov-shop-dev-alerts", tags, Ct);
        Assert.EndsWith(":prov-shop-dev-alerts", topicArn);
        Assert.Equal(topicArn, await Aws.Sns.CreateTopicAsync("prov-shop-dev-alerts", tags, Ct));

        var subscriptionArn = await Aws.Sns.SubscribeAsync(topicArn, "email", "ops@example.test", Ct);
        Assert.False(string.IsNullOrEmpty(subscriptionArn));

        var page = await Aws.Sns.ListSubscriptionsByTopicAsync(topicArn, cancellationToken: Ct);
        var subscription = Assert.Single(page.Subscriptions);
        Assert.Equal("email", subscription.Protocol);
        Assert.Equal("ops@example.test", subscription.Endpoint);
        Assert.Equal(topicArn, subscription.TopicArn);

        await Aws.Sns.TagResourceAsync(topicArn, new Dictionary<string, string> { ["provisioner:step"] = "CreateAlarms" }, Ct);
        var listed = await Aws.Sns.ListTagsForResourceAsync(topicArn, Ct);
        Assert.Equal("shop-dev", listed["provisioner:environment"]);
        Assert.Equal("CreateAlarms", listed["provisioner:step"]);
        var topics = new List<string>();
        await foreach (var arn in Aws.Sns.ListAllTopicsAsync(Ct))
        {
            topics.Add(arn);
        }
        Assert.Contains(topicArn, topics);

        await Aws.Sns.DeleteTopicAsync(topicArn, Ct);
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Aws.Sns.ListSubscriptionsByTopicAsync(topicArn, cancellationToken: Ct));
        Assert.True(error.IsNotFound, error.Message);
    }
}
