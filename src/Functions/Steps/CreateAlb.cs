using Provisioner.Aws;
using Provisioner.Aws.Ec2;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Functions.Steps.Resources;

namespace Provisioner.Functions.Steps;

public sealed record CreateAlbInput(EnvironmentSpec Spec, string TargetGroupArn);

public sealed record CreateAlbOutput(string LoadBalancerArn, string DnsName, string AlbSecurityGroupId, string HttpListenerArn);

/// <summary>
/// The Application Load Balancer: its own security group (HTTP, and HTTPS when on, from anywhere), the load
/// balancer across the spec's subnets (CreateLoadBalancer returns while it is <c>provisioning</c>; the
/// workflow's health check, <c>CreateAsg.Check</c>, looks at it through
/// <see cref="LoadBalancers.ReadinessAsync"/>) and the HTTP listener forwarding to the target group. Every piece is found
/// by its deterministic name before it is made.
/// </summary>
public sealed class CreateAlb(IEc2Client ec2, IElbV2Client elb, StepSettings? settings = null)
{
    private const string Step = StepNames.CreateAlb;

    /// <summary>Typical provisioning-to-active time of an ALB (measured: 2m15s-3m07s).</summary>
    public static readonly TimeSpan TypicalProvisioning = LoadBalancers.TypicalProvisioning;

    private readonly StepSettings _settings = settings ?? StepSettings.Default;

    public async Task<CreateAlbOutput> RunAsync(CreateAlbInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var owner = _settings.OwnerOf(spec);
        var names = owner.Names;
        var securityGroupId = await SecurityGroups.EnsureAsync(
            ec2, owner, spec.Network.VpcId, Step, names.LoadBalancerSecurityGroup,
            $"Provisioner {spec.EnvironmentId}: load balancer (HTTP{(spec.LoadBalancer.Https is null ? "" : "/HTTPS")} from anywhere)",
            IngressRules(spec), cancellationToken).ConfigureAwait(false);

        var found = await CreateOrAdopt.RunAsync(
            ct => LoadBalancers.FindAsync(elb, names.LoadBalancer, ct),
            ct => elb.CreateLoadBalancerAsync(
                new CreateLoadBalancerRequest
                {
                    Name = names.LoadBalancer,
                    Subnets = spec.Network.SubnetIds,
                    SecurityGroups = [securityGroupId],
                    Scheme = spec.LoadBalancer.Scheme,
                    Type = "application",
                    Tags = owner.Tags(Step, names.LoadBalancer),
                },
                ct),
            AwsErrorCodes.DuplicateLoadBalancerName, cancellationToken).ConfigureAwait(false);
        var loadBalancer = found.Resource;
        await LoadBalancers.ClaimAsync(elb, owner, loadBalancer.LoadBalancerArn, "load balancer", names.LoadBalancer, cancellationToken).ConfigureAwait(false);

        var http = await LoadBalancers.EnsureListenerAsync(
            elb,
            new CreateListenerRequest
            {
                LoadBalancerArn = loadBalancer.LoadBalancerArn,
                Protocol = "HTTP",
                Port = LoadBalancers.HttpPort,
                DefaultActions = [ListenerAction.Forward(input.TargetGroupArn)],
                Tags = owner.Tags(Step),
            },
            cancellationToken).ConfigureAwait(false);
        return new CreateAlbOutput(loadBalancer.LoadBalancerArn, loadBalancer.DnsName, securityGroupId, http.ListenerArn);
    }

    public async Task<UndoResult> UndoAsync(UndoInput input, CancellationToken cancellationToken)
    {
        var owner = _settings.OwnerOf(input.Spec);
        var names = owner.Names;
        var loadBalancer = await LoadBalancers.FindAsync(elb, names.LoadBalancer, cancellationToken).ConfigureAwait(false);
        if (loadBalancer is not null && await LoadBalancers.MayDeleteAsync(elb, owner, loadBalancer.LoadBalancerArn, cancellationToken).ConfigureAwait(false))
        {
            foreach (var listener in await LoadBalancers.ListenersAsync(elb, loadBalancer.LoadBalancerArn, cancellationToken).ConfigureAwait(false))
            {
                await LoadBalancers.DeleteListenerAsync(elb, listener.ListenerArn, cancellationToken).ConfigureAwait(false);
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
        var remaining = await SecurityGroups.DeleteAsync(ec2, owner, names.LoadBalancerSecurityGroup,
            "the load balancer's network interfaces or the instances' security group", cancellationToken).ConfigureAwait(false);
        return UndoResult.From(remaining, TimeSpan.FromSeconds(15));
    }

    internal static IReadOnlyList<IngressRule> IngressRules(EnvironmentSpec spec)
    {
        var rules = new List<IngressRule> { new("tcp", LoadBalancers.HttpPort, LoadBalancers.HttpPort, CidrIp: "0.0.0.0/0", Description: "HTTP") };
        if (spec.LoadBalancer.Https is not null)
        {
            rules.Add(new IngressRule("tcp", LoadBalancers.HttpsPort, LoadBalancers.HttpsPort, CidrIp: "0.0.0.0/0", Description: "HTTPS"));
        }
        return rules;
    }
}
