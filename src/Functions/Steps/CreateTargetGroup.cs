using Provisioner.Aws;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps.Resources;

namespace Provisioner.Functions.Steps;

public sealed record CreateTargetGroupOutput(string TargetGroupArn);

/// <summary>
/// The target group the load balancer forwards to: HTTP on the app port, the spec's health check, a short
/// deregistration delay (these environments are torn down as a whole). Found by its deterministic name
/// before it is created, so a retried Run returns the group the first attempt made.
/// </summary>
public sealed class CreateTargetGroup(IElbV2Client elb, StepSettings? settings = null)
{
    private const string Step = StepNames.CreateTargetGroup;

    private readonly StepSettings _settings = settings ?? StepSettings.Default;

    public async Task<CreateTargetGroupOutput> RunAsync(StepInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var owner = _settings.OwnerOf(spec);
        var name = owner.Names.TargetGroup;
        var found = await CreateOrAdopt.RunAsync(
            ct => LoadBalancers.FindTargetGroupAsync(elb, name, ct),
            ct => elb.CreateTargetGroupAsync(Request(owner, spec, name), ct),
            AwsErrorCodes.DuplicateTargetGroupName, cancellationToken).ConfigureAwait(false);
        var group = found.Resource;
        await LoadBalancers.ClaimAsync(elb, owner, group.TargetGroupArn, "target group", name, cancellationToken).ConfigureAwait(false);
        if (group.Port != spec.App.Port || !string.Equals(group.VpcId, spec.Network.VpcId, StringComparison.Ordinal))
        {
            throw new StepFailedException(StepErrors.Rejected,
                $"Target group '{group.TargetGroupName}' exists with port {group.Port} in {group.VpcId}, but the spec asks for port {spec.App.Port} in {spec.Network.VpcId}. " +
                "Tear the environment down before changing its port or network.");
        }
        await elb.ModifyTargetGroupAttributesAsync(
            group.TargetGroupArn,
            new Dictionary<string, string>
            {
                [TargetGroupAttributeKeys.DeregistrationDelaySeconds] = Invariant(spec.LoadBalancer.DeregistrationDelaySeconds),
            },
            cancellationToken).ConfigureAwait(false);
        return new CreateTargetGroupOutput(group.TargetGroupArn);
    }

    public async Task<UndoResult> UndoAsync(UndoInput input, CancellationToken cancellationToken)
    {
        var owner = _settings.OwnerOf(input.Spec);
        var name = owner.Names.TargetGroup;
        var group = await LoadBalancers.FindTargetGroupAsync(elb, name, cancellationToken).ConfigureAwait(false);
        if (group is null || !await LoadBalancers.MayDeleteAsync(elb, owner, group.TargetGroupArn, cancellationToken).ConfigureAwait(false))
        {
            return UndoResult.Done;
        }
        try
        {
            await elb.DeleteTargetGroupAsync(group.TargetGroupArn, cancellationToken).ConfigureAwait(false);
            return UndoResult.Done;
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            return UndoResult.Done;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "ResourceInUse")
        {
            // A listener of a load balancer that is still being deleted uses it: try again shortly.
            return UndoResult.Waiting(TimeSpan.FromSeconds(10), [$"target group {name} (still used by a load balancer)"]);
        }
    }

    private static CreateTargetGroupRequest Request(ResourceOwner owner, EnvironmentSpec spec, string name)
    {
        var health = spec.App.HealthCheck;
        return new CreateTargetGroupRequest
        {
            Name = name,
            Protocol = "HTTP",
            Port = spec.App.Port,
            VpcId = spec.Network.VpcId,
            TargetType = "instance",
            HealthCheckProtocol = "HTTP",
            HealthCheckPath = health.Path,
            HealthCheckIntervalSeconds = health.IntervalSeconds,
            HealthCheckTimeoutSeconds = health.TimeoutSeconds,
            HealthyThresholdCount = health.HealthyThreshold,
            UnhealthyThresholdCount = health.UnhealthyThreshold,
            MatcherHttpCode = "200",
            Tags = owner.Tags(Step, name),
        };
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
