namespace Provisioner.Aws.Sns;

/// <summary>Every page of ListSubscriptionsByTopic and ListTopics (NextToken).</summary>
public static class SnsPaging
{
    public static IAsyncEnumerable<string> ListAllTopicsAsync(this ISnsClient client, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((token, ct) => client.ListTopicsAsync(token, ct), p => p.TopicArns, p => p.NextToken, cancellationToken);

    public static IAsyncEnumerable<Subscription> ListAllSubscriptionsByTopicAsync(this ISnsClient client, string topicArn, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((token, ct) => client.ListSubscriptionsByTopicAsync(topicArn, token, ct), p => p.Subscriptions, p => p.NextToken, cancellationToken);
}
