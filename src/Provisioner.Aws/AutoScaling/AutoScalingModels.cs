namespace Provisioner.Aws.AutoScaling;

/// <summary>The notification types Auto Scaling can publish to SNS.</summary>
public static class AutoScalingNotificationTypes
{
    public const string InstanceLaunch = "autoscaling:EC2_INSTANCE_LAUNCH";
    public const string InstanceLaunchError = "autoscaling:EC2_INSTANCE_LAUNCH_ERROR";
    public const string InstanceTerminate = "autoscaling:EC2_INSTANCE_TERMINATE";
    public const string InstanceTerminateError = "autoscaling:EC2_INSTANCE_TERMINATE_ERROR";
}

/// <summary>A launch template reference: by id or by name, with a version (<c>$Latest</c>, <c>$Default</c> or a number).</summary>
public sealed record LaunchTemplateSpecification(string? LaunchTemplateId, string? LaunchTemplateName, string? Version);

/// <summary>An Auto Scaling group tag; PropagateAtLaunch copies it to the instances the group launches.</summary>
public sealed record AutoScalingTag(string Key, string Value, bool PropagateAtLaunch);

public sealed record CreateAutoScalingGroupRequest
{
    public required string AutoScalingGroupName { get; init; }
    public required LaunchTemplateSpecification LaunchTemplate { get; init; }
    public required int MinSize { get; init; }
    public required int MaxSize { get; init; }
    public int? DesiredCapacity { get; init; }
    /// <summary>Subnet ids; sent as AWS's comma-separated VPCZoneIdentifier.</summary>
    public required IReadOnlyList<string> SubnetIds { get; init; }
    public IReadOnlyList<string>? TargetGroupArns { get; init; }
    /// <summary><c>EC2</c> | <c>ELB</c>.</summary>
    public string? HealthCheckType { get; init; }
    public int? HealthCheckGracePeriod { get; init; }
    public int? DefaultInstanceWarmup { get; init; }
    public IReadOnlyList<AutoScalingTag>? Tags { get; init; }
}

/// <summary>Null members are left unchanged.</summary>
public sealed record UpdateAutoScalingGroupRequest
{
    public required string AutoScalingGroupName { get; init; }
    public LaunchTemplateSpecification? LaunchTemplate { get; init; }
    public int? MinSize { get; init; }
    public int? MaxSize { get; init; }
    public int? DesiredCapacity { get; init; }
    public string? HealthCheckType { get; init; }
    public int? HealthCheckGracePeriod { get; init; }
}

/// <summary>A Describe filter: <c>tag:&lt;key&gt;</c>, <c>tag-key</c>, <c>tag-value</c>.</summary>
public sealed record AutoScalingFilter(string Name, IReadOnlyList<string> Values)
{
    public static AutoScalingFilter Tag(string key, string value) => new("tag:" + key, [value]);
}

public sealed record DescribeAutoScalingGroupsRequest
{
    public IReadOnlyList<string>? AutoScalingGroupNames { get; init; }
    public IReadOnlyList<AutoScalingFilter>? Filters { get; init; }
    public string? NextToken { get; init; }
    public int? MaxRecords { get; init; }
}

/// <summary>LifecycleState: <c>Pending</c>, <c>InService</c>, <c>Terminating</c>, ...; HealthStatus: <c>Healthy</c> | <c>Unhealthy</c>.</summary>
public sealed record AutoScalingInstance(string InstanceId, string LifecycleState, string HealthStatus, string? AvailabilityZone);

/// <summary>Status is null normally and <c>Delete in progress</c> while the group is being deleted.</summary>
public sealed record AutoScalingGroup(
    string AutoScalingGroupName,
    string? AutoScalingGroupArn,
    int MinSize,
    int MaxSize,
    int DesiredCapacity,
    string? Status,
    DateTimeOffset? CreatedTime,
    LaunchTemplateSpecification? LaunchTemplate,
    IReadOnlyList<string> TargetGroupArns,
    string? HealthCheckType,
    IReadOnlyList<AutoScalingInstance> Instances,
    IReadOnlyList<AutoScalingTag> Tags);

public sealed record DescribeAutoScalingGroupsResponse(IReadOnlyList<AutoScalingGroup> AutoScalingGroups, string? NextToken);

/// <summary>Target tracking on a predefined metric, e.g. <c>ASGAverageCPUUtilization</c> at 50.</summary>
public sealed record TargetTrackingConfiguration(string PredefinedMetricType, double TargetValue, bool? DisableScaleIn = null);

public sealed record PutScalingPolicyRequest
{
    public required string AutoScalingGroupName { get; init; }
    public required string PolicyName { get; init; }
    /// <summary>Only <c>TargetTrackingScaling</c> is used here.</summary>
    public string PolicyType { get; init; } = "TargetTrackingScaling";
    public required TargetTrackingConfiguration TargetTrackingConfiguration { get; init; }
    public int? EstimatedInstanceWarmup { get; init; }
}

public sealed record DescribePoliciesRequest
{
    public string? AutoScalingGroupName { get; init; }
    public IReadOnlyList<string>? PolicyNames { get; init; }
    public string? NextToken { get; init; }
    public int? MaxRecords { get; init; }
}

public sealed record ScalingPolicy(
    string PolicyName,
    string PolicyArn,
    string AutoScalingGroupName,
    string? PolicyType,
    TargetTrackingConfiguration? TargetTrackingConfiguration);

public sealed record DescribePoliciesResponse(IReadOnlyList<ScalingPolicy> ScalingPolicies, string? NextToken);

public sealed record DescribeScalingActivitiesRequest
{
    public required string AutoScalingGroupName { get; init; }
    public string? NextToken { get; init; }
    public int? MaxRecords { get; init; }
}

/// <summary>StatusCode: <c>InProgress</c>, <c>Successful</c>, <c>Failed</c>, <c>Cancelled</c>, ...</summary>
public sealed record ScalingActivity(
    string ActivityId,
    string AutoScalingGroupName,
    string? Description,
    string? Cause,
    string StatusCode,
    string? StatusMessage,
    int? Progress,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime);

public sealed record DescribeScalingActivitiesResponse(IReadOnlyList<ScalingActivity> Activities, string? NextToken);
