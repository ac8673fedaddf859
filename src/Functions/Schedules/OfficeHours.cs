using Provisioner.Aws.AutoScaling;
using Provisioner.Aws.CloudWatch;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Core.Spec;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions.Schedules;

/// <summary>How far a wake has come: the group's desired capacity and how many of its targets are healthy.</summary>
public sealed record WakeProgress(int Desired, int Healthy)
{
    /// <summary>Every instance the spec wants is a healthy target (AWS's READY for a wake).</summary>
    public bool IsAwake => Healthy >= Desired;
}

/// <summary>
/// Office hours against AWS, for the sleep and wake schedule handlers and POST /sleep and /wake. Sleep scales
/// the Auto Scaling group to 0 (min 0 and desired 0 in one call, so AWS never sees desired below min) and
/// disables the alarms' actions (an empty target group would page its owner all night), and its load balancer
/// answers every request with <see cref="AsleepAnswer"/> instead of a bare 503. Wake restores the spec's
/// min/max/desired, which the spec in the registry remembers, so nothing is read back from the group; alarm
/// actions are enabled again and the asleep answer removed only by <see cref="CheckWakeAsync"/> once the new
/// instances are healthy targets, so the unhealthy-hosts alarm does not fire while they boot. Every call is idempotent: a retried
/// or repeated sleep or wake converges on the same state.
/// </summary>
public sealed class OfficeHours(IAutoScalingClient autoScaling, ICloudWatchClient cloudWatch, IElbV2Client elb, StepSettings? settings = null)
{
    private readonly StepSettings _settings = settings ?? StepSettings.Default;

    public async Task SleepAsync(EnvironmentSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var owner = _settings.OwnerOf(spec);
        var names = owner.Names;
        await cloudWatch.DisableAlarmActionsAsync(names.Alarms, cancellationToken).ConfigureAwait(false);
        await AsleepAnswer.OnAsync(elb, owner, AsleepAnswer.Message(spec), cancellationToken).ConfigureAwait(false);
        await autoScaling.UpdateAutoScalingGroupAsync(new UpdateAutoScalingGroupRequest
        {
            AutoScalingGroupName = names.AutoScalingGroup,
            MinSize = 0,
            DesiredCapacity = 0,
            MaxSize = spec.Scaling.Max,
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task WakeAsync(EnvironmentSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var names = _settings.OwnerOf(spec).Names;
        await autoScaling.UpdateAutoScalingGroupAsync(new UpdateAutoScalingGroupRequest
        {
            AutoScalingGroupName = names.AutoScalingGroup,
            MinSize = spec.Scaling.Min,
            MaxSize = spec.Scaling.Max,
            DesiredCapacity = spec.Scaling.Desired,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One look at a waking environment: how many of its targets are healthy against the spec's desired
    /// capacity; once every one is, alarm actions are enabled again. The caller re-checks until
    /// <see cref="WakeProgress.IsAwake"/> (the handler re-scheduling itself; no sleeping in a function).
    /// </summary>
    public async Task<WakeProgress> CheckWakeAsync(EnvironmentSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var names = _settings.OwnerOf(spec).Names;
        var groups = await elb.DescribeTargetGroupsAsync(new DescribeTargetGroupsRequest { Names = [names.TargetGroup] }, cancellationToken).ConfigureAwait(false);
        var healthy = 0;
        foreach (var group in groups.TargetGroups)
        {
            var health = await elb.DescribeTargetHealthAsync(group.TargetGroupArn, cancellationToken).ConfigureAwait(false);
            healthy += health.Count(t => string.Equals(t.State, "healthy", StringComparison.Ordinal));
        }
        var progress = new WakeProgress(spec.Scaling.Desired, healthy);
        if (progress.IsAwake)
        {
            await AsleepAnswer.OffAsync(elb, names, cancellationToken).ConfigureAwait(false);
            await cloudWatch.EnableAlarmActionsAsync(names.Alarms, cancellationToken).ConfigureAwait(false);
        }
        return progress;
    }
}
