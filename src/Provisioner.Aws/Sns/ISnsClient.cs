namespace Provisioner.Aws.Sns;

/// <summary>
/// Amazon SNS, AWS Query protocol, API 2010-03-31. Errors: <see cref="AwsServiceException"/>.
/// </summary>
/// <remarks>
/// CreateTopic is idempotent by name (same attributes and tags: the existing topic's ARN).
/// DeleteTopic of a missing topic succeeds. Subscribe of an existing (topic, protocol, endpoint) returns the
/// existing subscription; email subscriptions stay <c>PendingConfirmation</c> until the recipient confirms.
/// Not found: <c>NotFound</c> (HTTP 404).
/// </remarks>
public interface ISnsClient
{
    /// <summary>Returns the topic ARN.</summary>
    Task<string> CreateTopicAsync(string name, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default);

    Task DeleteTopicAsync(string topicArn, CancellationToken cancellationToken = default);

    /// <summary>Returns the subscription ARN (with ReturnSubscriptionArn: a real ARN even while pending).</summary>
    Task<string> SubscribeAsync(string topicArn, string protocol, string endpoint, CancellationToken cancellationToken = default);

    /// <summary>One page (up to 100).</summary>
    Task<ListSubscriptionsByTopicResponse> ListSubscriptionsByTopicAsync(string topicArn, string? nextToken = null, CancellationToken cancellationToken = default);

    /// <summary>One page of the account's topics in this region (ListTopics: 100 per page).</summary>
    Task<ListTopicsResponse> ListTopicsAsync(string? nextToken = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken = default);

    Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);
}

/// <summary>SubscriptionArn is <c>PendingConfirmation</c> for an unconfirmed email subscription.</summary>
public sealed record Subscription(string SubscriptionArn, string TopicArn, string Protocol, string Endpoint, string? Owner);

public sealed record ListTopicsResponse(IReadOnlyList<string> TopicArns, string? NextToken);

public sealed record ListSubscriptionsByTopicResponse(IReadOnlyList<Subscription> Subscriptions, string? NextToken);
