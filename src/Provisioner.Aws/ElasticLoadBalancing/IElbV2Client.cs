namespace Provisioner.Aws.ElasticLoadBalancing;

/// <summary>
/// Elastic Load Balancing v2 (Application Load Balancers), AWS Query protocol, API 2015-12-01.
/// Only the operations and fields Provisioner uses. Errors: <see cref="AwsServiceException"/>.
/// </summary>
/// <remarks>
/// Not found: <c>TargetGroupNotFound</c>, <c>LoadBalancerNotFound</c>, <c>ListenerNotFound</c>, <c>RuleNotFound</c> (HTTP 400),
/// also when Describe* is given a name or ARN that does not exist.
/// Idempotency (AWS documented): CreateTargetGroup / CreateLoadBalancer with an existing name and the
/// same settings return the existing resource; different settings give <c>DuplicateTargetGroupName</c> /
/// <c>DuplicateLoadBalancerName</c>. CreateListener on a port that already has an identical listener
/// returns it; otherwise <c>DuplicateListener</c>. Delete* of something already gone succeeds for
/// DeleteLoadBalancer and DeleteTargetGroup; DeleteListener answers <c>ListenerNotFound</c>.
/// Deleting a target group still used by a listener: <c>ResourceInUse</c>.
/// </remarks>
public interface IElbV2Client
{
    Task<TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest request, CancellationToken cancellationToken = default);

    Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken = default);

    /// <summary>One page; give names or ARNs (at most one kind) or a load balancer, or nothing for all.</summary>
    Task<DescribeTargetGroupsResponse> DescribeTargetGroupsAsync(DescribeTargetGroupsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Sets the given attributes (others unchanged); returns all attributes after the change.</summary>
    Task<IReadOnlyDictionary<string, string>> ModifyTargetGroupAttributesAsync(string targetGroupArn, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, string>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<TargetHealthDescription>> DescribeTargetHealthAsync(string targetGroupArn, CancellationToken cancellationToken = default);

    /// <summary>Returns at once; the load balancer is <c>provisioning</c> until it turns <c>active</c> (minutes).</summary>
    Task<LoadBalancer> CreateLoadBalancerAsync(CreateLoadBalancerRequest request, CancellationToken cancellationToken = default);

    /// <summary>Starts deletion; the load balancer's security group stays in use for a little while after.</summary>
    Task DeleteLoadBalancerAsync(string loadBalancerArn, CancellationToken cancellationToken = default);

    Task<DescribeLoadBalancersResponse> DescribeLoadBalancersAsync(DescribeLoadBalancersRequest request, CancellationToken cancellationToken = default);

    Task<Listener> CreateListenerAsync(CreateListenerRequest request, CancellationToken cancellationToken = default);

    Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken = default);

    /// <summary>Give a load balancer ARN or listener ARNs.</summary>
    Task<DescribeListenersResponse> DescribeListenersAsync(DescribeListenersRequest request, CancellationToken cancellationToken = default);

    Task<Listener> ModifyListenerAsync(ModifyListenerRequest request, CancellationToken cancellationToken = default);

    /// <summary>Adds a rule to a listener; <c>PriorityInUse</c> when the listener has a rule at that priority.</summary>
    Task<ListenerRule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default);

    /// <summary>One page of a listener's rules (its default rule included) or of the given rules.</summary>
    Task<DescribeRulesResponse> DescribeRulesAsync(DescribeRulesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes a rule; <c>RuleNotFound</c> when it is gone. A listener's rules go with the listener.</summary>
    Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default);

    /// <summary>Adds or overwrites tags on load balancers, target groups or listeners (max 20 ARNs).</summary>
    Task AddTagsAsync(IReadOnlyList<string> resourceArns, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);

    /// <summary>Tags per resource ARN (max 20 ARNs).</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> DescribeTagsAsync(IReadOnlyList<string> resourceArns, CancellationToken cancellationToken = default);
}
