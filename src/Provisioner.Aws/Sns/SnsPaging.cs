namespace Provisioner.Aws.Sns;

/// <summary>Every page of ListSubscriptionsByTopic (NextToken).</summary>
public static class SnsPaging
{
    public static IAsyncEnumerable<Subscription> ListAllSubscriptionsByTopicAsync(this ISnsClient client, string topicArn, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((token, ct) => client.ListSubscriptionsByTopicAsync(topicArn, token, ct), p => p.Subscriptions, p => p.NextToken, cancellationToken);
}
