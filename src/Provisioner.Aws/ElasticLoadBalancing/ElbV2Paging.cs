namespace Provisioner.Aws.ElasticLoadBalancing;

/// <summary>Every page of the paged ELBv2 operations (Marker/NextMarker).</summary>
public static class ElbV2Paging
{
    public static IAsyncEnumerable<TargetGroup> DescribeAllTargetGroupsAsync(this IElbV2Client client, DescribeTargetGroupsRequest request, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((marker, ct) => client.DescribeTargetGroupsAsync(request with { Marker = marker }, ct), p => p.TargetGroups, p => p.NextMarker, cancellationToken);

    public static IAsyncEnumerable<LoadBalancer> DescribeAllLoadBalancersAsync(this IElbV2Client client, DescribeLoadBalancersRequest request, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((marker, ct) => client.DescribeLoadBalancersAsync(request with { Marker = marker }, ct), p => p.LoadBalancers, p => p.NextMarker, cancellationToken);

    public static IAsyncEnumerable<Listener> DescribeAllListenersAsync(this IElbV2Client client, DescribeListenersRequest request, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((marker, ct) => client.DescribeListenersAsync(request with { Marker = marker }, ct), p => p.Listeners, p => p.NextMarker, cancellationToken);

    public static IAsyncEnumerable<ListenerRule> DescribeAllRulesAsync(this IElbV2Client client, DescribeRulesRequest request, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((marker, ct) => client.DescribeRulesAsync(request with { Marker = marker }, ct), p => p.Rules, p => p.NextMarker, cancellationToken);
}
