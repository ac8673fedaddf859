using Provisioner.Aws;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Core.Naming;
using Provisioner.Core.Steps;

namespace Provisioner.Functions.Steps.Resources;

/// <summary>
/// Load balancers, target groups and listeners (ELBv2): find by deterministic name or ARN, read the tags the
/// ownership rule judges, and the load balancer's readiness. Steps call these, never each other.
/// </summary>
internal static class LoadBalancers
{
    public const int HttpPort = 80;
    public const int HttpsPort = 443;

    /// <summary>Typical provisioning-to-active time of an ALB (measured: 2m15s-3m07s).</summary>
    public static readonly TimeSpan TypicalProvisioning = TimeSpan.FromSeconds(150);

    private static readonly TimeSpan OverduePoll = TimeSpan.FromSeconds(15);

    public static async Task<LoadBalancer?> FindAsync(IElbV2Client elb, string name, CancellationToken cancellationToken)
    {
        try
        {
            var page = await elb.DescribeLoadBalancersAsync(new DescribeLoadBalancersRequest { Names = [name] }, cancellationToken).ConfigureAwait(false);
            return page.LoadBalancers.FirstOrDefault(l => l.LoadBalancerName == name);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    public static async Task<LoadBalancer?> DescribeByArnAsync(IElbV2Client elb, string arn, CancellationToken cancellationToken)
    {
        try
        {
            var page = await elb.DescribeLoadBalancersAsync(new DescribeLoadBalancersRequest { LoadBalancerArns = [arn] }, cancellationToken).ConfigureAwait(false);
            return page.LoadBalancers.FirstOrDefault(l => l.LoadBalancerArn == arn);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    public static async Task<TargetGroup?> FindTargetGroupAsync(IElbV2Client elb, string name, CancellationToken cancellationToken)
    {
        try
        {
            var page = await elb.DescribeTargetGroupsAsync(new DescribeTargetGroupsRequest { Names = [name] }, cancellationToken).ConfigureAwait(false);
            return page.TargetGroups.FirstOrDefault(g => g.TargetGroupName == name);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>The tags of one ELBv2 resource (none when it is gone).</summary>
    public static async Task<IReadOnlyDictionary<string, string>?> TagsAsync(IElbV2Client elb, string arn, CancellationToken cancellationToken)
    {
        try
        {
            var tags = await elb.DescribeTagsAsync([arn], cancellationToken).ConfigureAwait(false);
            return tags.TryGetValue(arn, out var own) ? own : null;
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    public static async Task<bool> MayDeleteAsync(IElbV2Client elb, ResourceOwner owner, string arn, CancellationToken cancellationToken) =>
        Ownership.MayDelete(owner, await TagsAsync(elb, arn, cancellationToken).ConfigureAwait(false));

    public static async Task ClaimAsync(IElbV2Client elb, ResourceOwner owner, string arn, string what, string name, CancellationToken cancellationToken) =>
        Ownership.Claim(owner, await TagsAsync(elb, arn, cancellationToken).ConfigureAwait(false), what, name);

    /// <summary>
    /// Whether the load balancer is up: Ready when active, Waiting (for about the rest of a typical
    /// provisioning) while provisioning; a load balancer that failed or is gone is a
    /// <see cref="StepErrors.ResourceFailed"/> failure, so the workflow rolls back at once instead of
    /// polling until its bound.
    /// </summary>
    public static async Task<CheckResult> ReadinessAsync(IElbV2Client elb, string loadBalancerArn, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var loadBalancer = await DescribeByArnAsync(elb, loadBalancerArn, cancellationToken).ConfigureAwait(false)
            ?? throw new StepFailedException(StepErrors.ResourceFailed, $"Load balancer {loadBalancerArn} no longer exists.");
        return loadBalancer.StateCode switch
        {
            // active_impaired: serving, but unable to scale; it is up, which is what the workflow waits for.
            "active" or "active_impaired" => CheckResult.Ready,
            "provisioning" => CheckResult.Waiting(WaitEstimate.Remaining(loadBalancer.CreatedTime, now, TypicalProvisioning, OverduePoll)),
            _ => throw new StepFailedException(StepErrors.ResourceFailed,
                $"Load balancer {loadBalancer.LoadBalancerName} is {loadBalancer.StateCode}{(string.IsNullOrEmpty(loadBalancer.StateReason) ? "" : ": " + loadBalancer.StateReason)}."),
        };
    }

    public static async Task<IReadOnlyList<Listener>> ListenersAsync(IElbV2Client elb, string loadBalancerArn, CancellationToken cancellationToken)
    {
        var all = new List<Listener>();
        string? marker = null;
        try
        {
            do
            {
                var page = await elb.DescribeListenersAsync(new DescribeListenersRequest { LoadBalancerArn = loadBalancerArn, Marker = marker }, cancellationToken).ConfigureAwait(false);
                all.AddRange(page.Listeners);
                marker = page.NextMarker;
            }
            while (!string.IsNullOrEmpty(marker));
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            // The load balancer is gone, and its listeners with it.
        }
        return all;
    }

    /// <summary>The listener on <paramref name="request"/>'s port of a load balancer already claimed: found, or created (the duplicate race adopts).</summary>
    public static async Task<Listener> EnsureListenerAsync(IElbV2Client elb, CreateListenerRequest request, CancellationToken cancellationToken)
    {
        var found = await CreateOrAdopt.RunAsync(
            async ct => (await ListenersAsync(elb, request.LoadBalancerArn, ct).ConfigureAwait(false)).FirstOrDefault(l => l.Port == request.Port),
            ct => elb.CreateListenerAsync(request, ct),
            AwsErrorCodes.DuplicateListener, cancellationToken).ConfigureAwait(false);
        return found.Resource;
    }

    public static async Task DeleteListenerAsync(IElbV2Client elb, string listenerArn, CancellationToken cancellationToken)
    {
        try
        {
            await elb.DeleteListenerAsync(listenerArn, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            // Already gone.
        }
    }
}
