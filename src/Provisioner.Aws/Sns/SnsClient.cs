using Provisioner.Aws.Protocols;

namespace Provisioner.Aws.Sns;

/// <summary>SNS over AWS Query (API 2010-03-31).</summary>
internal sealed class SnsClient(AwsTransport transport) : ISnsClient
{
    private readonly QueryProtocol _query = new(transport, AwsService.Sns, "2010-03-31");

    public async Task<string> CreateTopicAsync(string name, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var result = await _query.CallAsync(_query.NewRequest("CreateTopic").Add("Name", name).AddKeyValueList("Tags", tags), cancellationToken).ConfigureAwait(false);
        return result.RequiredValue("TopicArn");
    }

    public async Task DeleteTopicAsync(string topicArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicArn);
        await _query.CallAsync(_query.NewRequest("DeleteTopic").Add("TopicArn", topicArn), cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> SubscribeAsync(string topicArn, string protocol, string endpoint, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicArn);
        ArgumentException.ThrowIfNullOrEmpty(protocol);
        ArgumentException.ThrowIfNullOrEmpty(endpoint);
        var q = _query.NewRequest("Subscribe")
            .Add("TopicArn", topicArn)
            .Add("Protocol", protocol)
            .Add("Endpoint", endpoint)
            .Add("ReturnSubscriptionArn", true);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        return result.RequiredValue("SubscriptionArn");
    }

    public async Task<ListSubscriptionsByTopicResponse> ListSubscriptionsByTopicAsync(string topicArn, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicArn);
        var q = _query.NewRequest("ListSubscriptionsByTopic").Add("TopicArn", topicArn).Add("NextToken", nextToken);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        var subscriptions = result.Members("Subscriptions").Select(s => new Subscription(
            s.ChildValue("SubscriptionArn") ?? "",
            s.ChildValue("TopicArn") ?? topicArn,
            s.ChildValue("Protocol") ?? "",
            s.ChildValue("Endpoint") ?? "",
            s.ChildValue("Owner"))).ToList();
        return new ListSubscriptionsByTopicResponse(subscriptions, result.ChildValue("NextToken"));
    }

    public async Task<ListTopicsResponse> ListTopicsAsync(string? nextToken = null, CancellationToken cancellationToken = default)
    {
        var result = await _query.CallAsync(_query.NewRequest("ListTopics").Add("NextToken", nextToken), cancellationToken).ConfigureAwait(false);
        return new ListTopicsResponse(result.Members("Topics").Select(t => t.RequiredValue("TopicArn")).ToList(), result.ChildValue("NextToken"));
    }

    public async Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceArn);
        var result = await _query.CallAsync(_query.NewRequest("ListTagsForResource").Add("ResourceArn", resourceArn), cancellationToken).ConfigureAwait(false);
        return result.KeyValueMembers("Tags");
    }

    public async Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceArn);
        ArgumentNullException.ThrowIfNull(tags);
        await _query.CallAsync(_query.NewRequest("TagResource").Add("ResourceArn", resourceArn).AddKeyValueList("Tags", tags), cancellationToken).ConfigureAwait(false);
    }
}
