using System.Globalization;
using System.Text.Json.Serialization;
using Provisioner.Aws;
using Provisioner.Aws.AutoScaling;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps.Resources;

namespace Provisioner.Functions.Steps;

public sealed record CreateAsgInput(
    EnvironmentSpec Spec,
    string LaunchTemplateId,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] long LaunchTemplateVersion,
    string TargetGroupArn,
    string TopicArn);

/// <param name="FirstCheckSeconds">
/// When the workflow's health check should first look: the slowest usual launch, since no instance can be
/// healthy sooner (0 with a desired capacity of 0), so the first look is not a wasted poll.
/// </param>
public sealed record CreateAsgOutput(string AutoScalingGroupName, string ScalingPolicyArn, int FirstCheckSeconds);

/// <param name="LoadBalancerArn">The environment's load balancer: a failed one ends the wait at once.</param>
/// <param name="StartedAt">The provision's start (<c>$$.Execution.StartTime</c>): the waits share <see cref="WaitBudget"/> from it.</param>
public sealed record CreateAsgCheckInput(EnvironmentSpec Spec, string TargetGroupArn, string? LoadBalancerArn = null, DateTimeOffset? StartedAt = null);

/// <summary>
/// The Auto Scaling group: the exact launch template version CreateLaunchTemplate made, the spec's subnets
/// and size, registered in the target group with ELB health checks and a grace period; the environment's
/// tags propagated to every instance it launches; target tracking on average CPU with an instance warmup;
/// launch/terminate notifications to the environment's SNS topic. Check polls until enough targets are
/// healthy (and the load balancer is up; a failed one, or instances that keep failing to launch, end the
/// wait with a failure); Undo force-deletes the group and reports WAITING until it and its instances are gone.
/// </summary>
public sealed class CreateAsg(IAutoScalingClient autoScaling, IElbV2Client elb, TimeProvider time, StepSettings? settings = null)
{
    private readonly StepSettings _settings = settings ?? StepSettings.Default;

    private const string Step = StepNames.CreateAsg;
    private const string DeleteInProgress = "Delete in progress";

    /// <summary>This many failed launch activities in a row, and nothing healthy: the instances will not come up.</summary>
    public const int FailedLaunchesToGiveUp = 3;

    /// <summary>The slowest usual launch-to-InService time (45-65 s is the usual range).</summary>
    public static readonly TimeSpan SlowestLaunch = TimeSpan.FromSeconds(65);

    public static IReadOnlyList<string> NotificationTypes { get; } =
    [
        AutoScalingNotificationTypes.InstanceLaunch,
        AutoScalingNotificationTypes.InstanceLaunchError,
        AutoScalingNotificationTypes.InstanceTerminate,
        AutoScalingNotificationTypes.InstanceTerminateError,
    ];

    public async Task<CreateAsgOutput> RunAsync(CreateAsgInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var owner = _settings.OwnerOf(spec);
        var names = owner.Names;
        // CreateAutoScalingGroup returns nothing: a group this call made is not read back (Created), one found is judged.
        var group = await CreateOrAdopt.FindOrCreateAsync(
            ct => FindAsync(autoScaling, names.AutoScalingGroup, ct),
            ct => autoScaling.CreateAutoScalingGroupAsync(Request(owner, spec, input), ct),
            AwsErrorCodes.AutoScalingAlreadyExists, cancellationToken).ConfigureAwait(false);
        if (group is not null)
        {
            Ownership.Claim(owner, group.Tags.Select(t => KeyValuePair.Create(t.Key, t.Value)), "Auto Scaling group", names.AutoScalingGroup);
            if (group.Status == DeleteInProgress)
            {
                // An earlier rollback is still deleting it; its name frees up when the instances are gone.
                throw new StepFailedException(StepErrors.Transient, $"Auto Scaling group {names.AutoScalingGroup} is still being deleted; retry when it is gone.");
            }
        }

        var policyArn = await autoScaling.PutScalingPolicyAsync(
            new PutScalingPolicyRequest
            {
                AutoScalingGroupName = names.AutoScalingGroup,
                PolicyName = names.ScalingPolicy,
                PolicyType = "TargetTrackingScaling",
                TargetTrackingConfiguration = new TargetTrackingConfiguration("ASGAverageCPUUtilization", spec.Scaling.TargetCpuPercent),
                EstimatedInstanceWarmup = spec.Scaling.WarmupSeconds,
            },
            cancellationToken).ConfigureAwait(false);
        await autoScaling.PutNotificationConfigurationAsync(names.AutoScalingGroup, input.TopicArn, NotificationTypes, cancellationToken).ConfigureAwait(false);
        return new CreateAsgOutput(names.AutoScalingGroup, policyArn, spec.Scaling.Desired > 0 ? (int)SlowestLaunch.TotalSeconds : 0);
    }

    public async Task<CheckResult> CheckAsync(CreateAsgCheckInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var desired = spec.Scaling.Desired;
        if (desired > 0)
        {
            var health = await elb.DescribeTargetHealthAsync(input.TargetGroupArn, cancellationToken).ConfigureAwait(false);
            if (health.Count(t => t.State == "healthy") >= desired)
            {
                // Healthy targets mean an active load balancer: nothing more to look at.
                return CheckResult.Ready;
            }

            var name = _settings.OwnerOf(spec).Names.AutoScalingGroup;
            var activities = await autoScaling.DescribeScalingActivitiesAsync(
                new DescribeScalingActivitiesRequest { AutoScalingGroupName = name, MaxRecords = FailedLaunchesToGiveUp }, cancellationToken).ConfigureAwait(false);
            if (activities.Activities.Count >= FailedLaunchesToGiveUp && activities.Activities.Take(FailedLaunchesToGiveUp).All(a => a.StatusCode == "Failed"))
            {
                throw new StepFailedException(StepErrors.ResourceFailed,
                    $"Auto Scaling group {name} failed to launch instances {FailedLaunchesToGiveUp} times in a row: {activities.Activities[0].StatusMessage ?? activities.Activities[0].Description}");
            }

            // Instances still launching: the slowest launch, so the next look finds them registered; registered
            // but not yet healthy: a new target needs one passing check, which comes within one interval, so
            // look again in half of one. A target still "initial" with Elb.RegistrationInProgress is an
            // instance that is still launching.
            var interval = TimeSpan.FromSeconds(spec.App.HealthCheck.IntervalSeconds);
            var registered = health.Count(t => t.State is "unhealthy" or "healthy" || (t.State == "initial" && t.Reason != "Elb.RegistrationInProgress"));
            if (input.LoadBalancerArn is not null)
            {
                // Only to fail at once if it failed: while it provisions, the targets' own estimate is the
                // better clock (they turn healthy within one interval of it turning active).
                await LoadBalancerAsync(input.LoadBalancerArn, cancellationToken).ConfigureAwait(false);
            }
            return WaitBudget.Within(registered < desired ? SlowestLaunch : interval / 2, input.StartedAt, time.GetUtcNow(),
                $"The instances did not become healthy in target group {input.TargetGroupArn}");
        }

        // No instances to wait for: the environment is up once its load balancer is.
        if (input.LoadBalancerArn is null)
        {
            return CheckResult.Ready;
        }
        var loadBalancer = await LoadBalancerAsync(input.LoadBalancerArn, cancellationToken).ConfigureAwait(false);
        return loadBalancer.Status == CheckStatus.Ready
            ? loadBalancer
            : WaitBudget.Within(TimeSpan.FromSeconds(loadBalancer.WaitSeconds), input.StartedAt, time.GetUtcNow(),
                $"Load balancer {input.LoadBalancerArn} did not become active");
    }

    private Task<CheckResult> LoadBalancerAsync(string arn, CancellationToken cancellationToken) =>
        LoadBalancers.ReadinessAsync(elb, arn, time.GetUtcNow(), cancellationToken);

    public async Task<UndoResult> UndoAsync(UndoInput input, CancellationToken cancellationToken)
    {
        var owner = _settings.OwnerOf(input.Spec);
        var name = owner.Names.AutoScalingGroup;
        var group = await FindAsync(autoScaling, name, cancellationToken).ConfigureAwait(false);
        if (group is null || !Ownership.MayDelete(owner, group.Tags.Select(t => KeyValuePair.Create(t.Key, t.Value))))
        {
            return UndoResult.Done;
        }
        if (group.Status != DeleteInProgress)
        {
            try
            {
                // ForceDelete terminates the instances too, and removes the policy and notifications with the group.
                await autoScaling.DeleteAutoScalingGroupAsync(name, forceDelete: true, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.IsNotFound)
            {
                return UndoResult.Done;
            }
            catch (AwsServiceException ex) when (ex.ErrorCode is "ResourceInUse" or "ScalingActivityInProgress")
            {
                return UndoResult.Waiting(TimeSpan.FromSeconds(15), [$"Auto Scaling group {name} (busy; deletion not started yet)"]);
            }
            group = await FindAsync(autoScaling, name, cancellationToken).ConfigureAwait(false);
            if (group is null)
            {
                return UndoResult.Done;
            }
        }
        var instances = group.Instances.Count;
        return UndoResult.Waiting(
            instances == 0 ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(30),
            [$"Auto Scaling group {name} (deleting, {instances.ToString(CultureInfo.InvariantCulture)} instance(s) terminating)"]);
    }

    internal static CreateAutoScalingGroupRequest Request(ResourceOwner owner, EnvironmentSpec spec, CreateAsgInput input)
    {
        var names = owner.Names;
        var tags = new Dictionary<string, string>(spec.Launch.Tags, StringComparer.Ordinal);
        foreach (var (key, value) in owner.Tags(Step, names.AutoScalingGroup))
        {
            tags[key] = value;
        }
        return new CreateAutoScalingGroupRequest
        {
            AutoScalingGroupName = names.AutoScalingGroup,
            LaunchTemplate = new LaunchTemplateSpecification(input.LaunchTemplateId, null, input.LaunchTemplateVersion.ToString(CultureInfo.InvariantCulture)),
            MinSize = spec.Scaling.Min,
            MaxSize = spec.Scaling.Max,
            DesiredCapacity = spec.Scaling.Desired,
            SubnetIds = spec.Network.SubnetIds,
            TargetGroupArns = [input.TargetGroupArn],
            HealthCheckType = "ELB",
            HealthCheckGracePeriod = spec.Scaling.HealthCheckGraceSeconds,
            DefaultInstanceWarmup = spec.Scaling.WarmupSeconds,
            // Every instance the group launches carries the environment's tags (Undo and the leak check find them).
            Tags = tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new AutoScalingTag(t.Key, t.Value, PropagateAtLaunch: true)).ToList(),
        };
    }

    internal static async Task<AutoScalingGroup?> FindAsync(IAutoScalingClient autoScaling, string name, CancellationToken cancellationToken)
    {
        var page = await autoScaling.DescribeAutoScalingGroupsAsync(new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = [name] }, cancellationToken).ConfigureAwait(false);
        return page.AutoScalingGroups.FirstOrDefault(g => g.AutoScalingGroupName == name);
    }
}
