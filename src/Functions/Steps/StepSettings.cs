using Provisioner.Core.Validation;

namespace Provisioner.Functions.Steps;

/// <summary>
/// What the steps need beyond the spec: deployment-wide settings. On Lambda they come from the function's
/// environment variables (named here, once); the demo and tests pass them explicitly.
/// </summary>
public sealed record StepSettings
{
    public const string InstanceProfileVariable = "PROVISIONER_INSTANCE_PROFILE";
    public const string LogExportStateMachineArnVariable = "PROVISIONER_LOG_EXPORT_STATE_MACHINE_ARN";
    public const string SchedulerRoleArnVariable = "PROVISIONER_SCHEDULER_ROLE_ARN";
    public const string LogExportBucketVariable = "PROVISIONER_LOG_EXPORT_BUCKET";
    public const string MaxInstancesVariable = "PROVISIONER_MAX_INSTANCES";
    public const string DefaultVpcIdVariable = "PROVISIONER_DEFAULT_VPC_ID";
    public const string DefaultSubnetIdsVariable = "PROVISIONER_DEFAULT_SUBNET_IDS";

    /// <summary>
    /// The instance profile of the instances the Auto Scaling group launches (the SAM template creates it
    /// with only the CloudWatch Logs permissions the agent needs). Null launches instances without one.
    /// </summary>
    public string? InstanceProfileName { get; init; }

    /// <summary>The log-export workflow the per-environment schedule starts.</summary>
    public string? LogExportStateMachineArn { get; init; }

    /// <summary>The role EventBridge Scheduler assumes to start the log-export workflow.</summary>
    public string? SchedulerRoleArn { get; init; }

    /// <summary>The export bucket for environments whose spec names none.</summary>
    public string? LogExportBucket { get; init; }

    /// <summary>The most instances one environment may ask for (<c>scaling.max</c>); the deployment's cap.</summary>
    public int MaxInstancesCap { get; init; } = ValidationOptions.Default.MaxInstancesCap;

    /// <summary>The VPC of environments whose spec gives no <c>network</c> (with <see cref="DefaultSubnetIds"/>).</summary>
    public string? DefaultVpcId { get; init; }

    /// <summary>The subnets of environments whose spec gives no <c>network</c>.</summary>
    public IReadOnlyList<string> DefaultSubnetIds { get; init; } = [];

    /// <summary>Reads the settings from environment variables; unset or blank variables give null (or the default).</summary>
    /// <exception cref="InvalidOperationException"><see cref="MaxInstancesVariable"/> is not a whole number from 1 to 1000.</exception>
    public static StepSettings FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new StepSettings
        {
            InstanceProfileName = Read(environment, InstanceProfileVariable),
            LogExportStateMachineArn = Read(environment, LogExportStateMachineArnVariable),
            SchedulerRoleArn = Read(environment, SchedulerRoleArnVariable),
            LogExportBucket = Read(environment, LogExportBucketVariable),
            MaxInstancesCap = Read(environment, MaxInstancesVariable) is { } cap ? Cap(cap) : ValidationOptions.Default.MaxInstancesCap,
            DefaultVpcId = Read(environment, DefaultVpcIdVariable),
            DefaultSubnetIds = Read(environment, DefaultSubnetIdsVariable)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
        };
    }

    private static int Cap(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cap) && cap is >= 1 and <= 1000
            ? cap
            : throw new InvalidOperationException($"{MaxInstancesVariable} must be a whole number from 1 to 1000 (got '{text}').");

    private static string? Read(Func<string, string?> environment, string name) =>
        environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
