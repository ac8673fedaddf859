using Provisioner.Aws;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;

namespace Provisioner.Functions.Steps;

public sealed record CreateTargetGroupOutput(string TargetGroupArn);

/// <summary>
/// The target group the load balancer forwards to: HTTP on the app port, the spec's health check, a short
/// deregistration delay (these environments are torn down as a whole). Found by its deterministic name
/// before it is created, so a retried Run returns the group the first attempt made.
/// </summary>
public sealed class CreateTargetGroup(IElbV2Client elb)
{
    private const string Step = StepNames.CreateTargetGroup;

    public async Task<CreateTargetGroupOutput> RunAsync(StepInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var name = ResourceNames.For(spec.EnvironmentId).TargetGroup;
        var group = await FindAsync(elb, name, cancellationToken).ConfigureAwait(false);
        if (group is null)
        {
            try
            {
                group = await elb.CreateTargetGroupAsync(Request(spec, name), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "DuplicateTargetGroupName")
            {
                // An earlier attempt made it (its answer was lost) or another run raced us: adopt it below.
                group = await FindAsync(elb, name, cancellationToken).ConfigureAwait(false);
                if (group is null)
                {
                    throw;
                }
            }
        }
        await EnsureOursAsync(spec, group, cancellationToken).ConfigureAwait(false);
        await elb.ModifyTargetGroupAttributesAsync(
            group.TargetGroupArn,
            new Dictionary<string, string>
            {
                [TargetGroupAttributeKeys.DeregistrationDelaySeconds] = Invariant(spec.LoadBalancer.DeregistrationDelaySeconds),
            },
            cancellationToken).ConfigureAwait(false);
        return new CreateTargetGroupOutput(group.TargetGroupArn);
    }

    public async Task<UndoResult> UndoAsync(StepInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var name = ResourceNames.For(spec.EnvironmentId).TargetGroup;
        var group = await FindAsync(elb, name, cancellationToken).ConfigureAwait(false);
        if (group is null || !await IsOursAsync(spec, group, cancellationToken).ConfigureAwait(false))
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

    internal static async Task<TargetGroup?> FindAsync(IElbV2Client elb, string name, CancellationToken cancellationToken)
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

    private static CreateTargetGroupRequest Request(EnvironmentSpec spec, string name)
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
            Tags = Ownership.Tags(spec, Step, name),
        };
    }

    private async Task EnsureOursAsync(EnvironmentSpec spec, TargetGroup group, CancellationToken cancellationToken)
    {
        if (!await IsOursAsync(spec, group, cancellationToken).ConfigureAwait(false))
        {
            throw Ownership.NotOurs("target group", group.TargetGroupName, spec);
        }
        if (group.Port != spec.App.Port || !string.Equals(group.VpcId, spec.Network.VpcId, StringComparison.Ordinal))
        {
            throw new StepFailedException(StepErrors.Rejected,
                $"Target group '{group.TargetGroupName}' exists with port {group.Port} in {group.VpcId}, but the spec asks for port {spec.App.Port} in {spec.Network.VpcId}. " +
                "Tear the environment down before changing its port or network.");
        }
    }

    private async Task<bool> IsOursAsync(EnvironmentSpec spec, TargetGroup group, CancellationToken cancellationToken)
    {
        var tags = await elb.DescribeTagsAsync([group.TargetGroupArn], cancellationToken).ConfigureAwait(false);
        return tags.TryGetValue(group.TargetGroupArn, out var own) && Ownership.IsOurs(own, spec);
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
