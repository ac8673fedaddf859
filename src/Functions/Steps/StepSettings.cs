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

    /// <summary>Reads the settings from environment variables; unset or blank variables give null.</summary>
    public static StepSettings FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new StepSettings
        {
            InstanceProfileName = Read(environment, InstanceProfileVariable),
            LogExportStateMachineArn = Read(environment, LogExportStateMachineArnVariable),
            SchedulerRoleArn = Read(environment, SchedulerRoleArnVariable),
            LogExportBucket = Read(environment, LogExportBucketVariable),
        };
    }

    private static string? Read(Func<string, string?> environment, string name) =>
        environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
