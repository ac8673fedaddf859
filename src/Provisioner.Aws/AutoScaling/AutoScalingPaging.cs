namespace Provisioner.Aws.AutoScaling;

/// <summary>Every page of the paged Auto Scaling operations (NextToken).</summary>
public static class AutoScalingPaging
{
    public static IAsyncEnumerable<AutoScalingGroup> DescribeAllAutoScalingGroupsAsync(this IAutoScalingClient client, DescribeAutoScalingGroupsRequest request, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((token, ct) => client.DescribeAutoScalingGroupsAsync(request with { NextToken = token }, ct), p => p.AutoScalingGroups, p => p.NextToken, cancellationToken);

    public static IAsyncEnumerable<ScalingPolicy> DescribeAllPoliciesAsync(this IAutoScalingClient client, DescribePoliciesRequest request, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((token, ct) => client.DescribePoliciesAsync(request with { NextToken = token }, ct), p => p.ScalingPolicies, p => p.NextToken, cancellationToken);

    public static IAsyncEnumerable<ScalingActivity> DescribeAllScalingActivitiesAsync(this IAutoScalingClient client, DescribeScalingActivitiesRequest request, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((token, ct) => client.DescribeScalingActivitiesAsync(request with { NextToken = token }, ct), p => p.Activities, p => p.NextToken, cancellationToken);
}
