using Provisioner.Aws;
using Provisioner.Aws.Ec2;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;

namespace Provisioner.Functions.Steps;

public sealed record CreateAlbInput(EnvironmentSpec Spec, string TargetGroupArn);

public sealed record CreateAlbOutput(string LoadBalancerArn, string DnsName, string AlbSecurityGroupId, string HttpListenerArn);

/// <summary>
/// The Application Load Balancer: its own security group (HTTP, and HTTPS when on, from anywhere), the load
/// balancer across the spec's subnets (CreateLoadBalancer returns while it is <c>provisioning</c>; the
/// workflow's health check, <see cref="CreateAsg.CheckAsync"/>, looks at it through
/// <see cref="ReadinessAsync"/>) and the HTTP listener forwarding to the target group. Every piece is found
/// by its deterministic name before it is made.
/// </summary>
public sealed class CreateAlb(IEc2Client ec2, IElbV2Client elb)
{
    private const string Step = StepNames.CreateAlb;

    /// <summary>Typical provisioning-to-active time of an ALB (measured: 2m15s-3m07s).</summary>
    public static readonly TimeSpan TypicalProvisioning = TimeSpan.FromSeconds(150);

    private static readonly TimeSpan OverduePoll = TimeSpan.FromSeconds(15);

    public async Task<CreateAlbOutput> RunAsync(CreateAlbInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var names = ResourceNames.For(spec.EnvironmentId);
        var securityGroupId = await SecurityGroups.EnsureAsync(
            ec2, spec, Step, names.LoadBalancerSecurityGroup,
            $"Provisioner {spec.EnvironmentId}: load balancer (HTTP{(spec.LoadBalancer.Https is null ? "" : "/HTTPS")} from anywhere)",
            IngressRules(spec), cancellationToken).ConfigureAwait(false);

        var loadBalancer = await FindLoadBalancerAsync(elb, names.LoadBalancer, cancellationToken).ConfigureAwait(false);
        if (loadBalancer is null)
        {
            try
            {
                loadBalancer = await elb.CreateLoadBalancerAsync(
                    new CreateLoadBalancerRequest
                    {
                        Name = names.LoadBalancer,
                        Subnets = spec.Network.SubnetIds,
                        SecurityGroups = [securityGroupId],
                        Scheme = spec.LoadBalancer.Scheme,
                        Type = "application",
                        Tags = Ownership.Tags(spec, Step, names.LoadBalancer),
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "DuplicateLoadBalancerName")
            {
                loadBalancer = await FindLoadBalancerAsync(elb, names.LoadBalancer, cancellationToken).ConfigureAwait(false);
                if (loadBalancer is null)
                {
                    throw;
                }
            }
        }
        if (!await IsOursAsync(elb, spec, loadBalancer.LoadBalancerArn, cancellationToken).ConfigureAwait(false))
        {
            throw Ownership.NotOurs("load balancer", names.LoadBalancer, spec);
        }

        var listeners = await AttachCert.ListenersAsync(elb, loadBalancer.LoadBalancerArn, cancellationToken).ConfigureAwait(false);
        var http = listeners.FirstOrDefault(l => l.Port == AttachCert.HttpPort)
            ?? await CreateHttpListenerAsync(spec, loadBalancer.LoadBalancerArn, input.TargetGroupArn, cancellationToken).ConfigureAwait(false);
        return new CreateAlbOutput(loadBalancer.LoadBalancerArn, loadBalancer.DnsName, securityGroupId, http.ListenerArn);
    }

    /// <summary>
    /// Whether the load balancer is up: Ready when active, Waiting (for about the rest of a typical
    /// provisioning) while provisioning; a load balancer that failed or is gone is a
    /// <see cref="StepErrors.ResourceFailed"/> failure, so the workflow rolls back at once instead of
    /// polling until its bound.
    /// </summary>
    internal static async Task<CheckResult> ReadinessAsync(IElbV2Client elb, string loadBalancerArn, DateTimeOffset now, CancellationToken cancellationToken)
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

    public async Task<UndoResult> UndoAsync(StepInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var names = ResourceNames.For(spec.EnvironmentId);
        var loadBalancer = await FindLoadBalancerAsync(elb, names.LoadBalancer, cancellationToken).ConfigureAwait(false);
        if (loadBalancer is not null && await IsOursAsync(elb, spec, loadBalancer.LoadBalancerArn, cancellationToken).ConfigureAwait(false))
        {
            foreach (var listener in await AttachCert.ListenersAsync(elb, loadBalancer.LoadBalancerArn, cancellationToken).ConfigureAwait(false))
            {
                await AttachCert.DeleteListenerAsync(elb, listener.ListenerArn, cancellationToken).ConfigureAwait(false);
            }
            try
            {
                await elb.DeleteLoadBalancerAsync(loadBalancer.LoadBalancerArn, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.IsNotFound)
            {
                // Already gone.
            }
        }
        // The group stays in use until the deleted load balancer's network interfaces are released, and
        // while the instances' group still admits traffic from it.
        var remaining = await SecurityGroups.DeleteAsync(ec2, spec, names.LoadBalancerSecurityGroup,
            "the load balancer's network interfaces or the instances' security group", cancellationToken).ConfigureAwait(false);
        return UndoResult.From(remaining is null ? [] : [remaining], TimeSpan.FromSeconds(15));
    }

    internal static IReadOnlyList<IngressRule> IngressRules(EnvironmentSpec spec)
    {
        var rules = new List<IngressRule> { new("tcp", AttachCert.HttpPort, AttachCert.HttpPort, CidrIp: "0.0.0.0/0", Description: "HTTP") };
        if (spec.LoadBalancer.Https is not null)
        {
            rules.Add(new IngressRule("tcp", AttachCert.HttpsPort, AttachCert.HttpsPort, CidrIp: "0.0.0.0/0", Description: "HTTPS"));
        }
        return rules;
    }

    internal static async Task<LoadBalancer?> FindLoadBalancerAsync(IElbV2Client elb, string name, CancellationToken cancellationToken)
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

    internal static async Task<LoadBalancer?> DescribeByArnAsync(IElbV2Client elb, string arn, CancellationToken cancellationToken)
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

    internal static async Task<bool> IsOursAsync(IElbV2Client elb, EnvironmentSpec spec, string arn, CancellationToken cancellationToken)
    {
        var tags = await elb.DescribeTagsAsync([arn], cancellationToken).ConfigureAwait(false);
        return tags.TryGetValue(arn, out var own) && Ownership.IsOurs(own, spec);
    }

    private async Task<Listener> CreateHttpListenerAsync(EnvironmentSpec spec, string loadBalancerArn, string targetGroupArn, CancellationToken cancellationToken)
    {
        try
        {
            return await elb.CreateListenerAsync(
                new CreateListenerRequest
                {
                    LoadBalancerArn = loadBalancerArn,
                    Protocol = "HTTP",
                    Port = AttachCert.HttpPort,
                    DefaultActions = [ListenerAction.Forward(targetGroupArn)],
                    Tags = Ownership.Tags(spec, Step),
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "DuplicateListener")
        {
            var listeners = await AttachCert.ListenersAsync(elb, loadBalancerArn, cancellationToken).ConfigureAwait(false);
            var existing = listeners.FirstOrDefault(l => l.Port == AttachCert.HttpPort);
            if (existing is null)
            {
                throw;
            }
            return existing;
        }
    }
}
