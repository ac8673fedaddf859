using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
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
    public const string DeploymentVariable = "PROVISIONER_DEPLOYMENT";
    public const string NamePrefixVariable = "PROVISIONER_NAME_PREFIX";
    public const string SourceTagKeyVariable = "PROVISIONER_SOURCE_TAG_KEY";
    public const string SourceTagValueVariable = "PROVISIONER_SOURCE_TAG_VALUE";
    public const string ScheduleGroupVariable = "PROVISIONER_SCHEDULE_GROUP";
    public const string FunctionTimeoutVariable = "PROVISIONER_FUNCTION_TIMEOUT_SECONDS";

    /// <summary>template.yaml's <c>Globals.Function.Timeout</c>: what Lambda gives every function by default.</summary>
    public static readonly TimeSpan DefaultFunctionTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Settings with every default (the demo and the unit tests of one deployment).</summary>
    public static StepSettings Default { get; } = new();

    /// <summary>
    /// The instance profile of the instances the Auto Scaling group launches (the SAM template creates it
    /// with only the CloudWatch Logs permissions the agent needs). Null launches instances without one.
    /// </summary>
    public string? InstanceProfileName { get; init; }

    /// <summary>The log-export workflow the per-environment schedule starts.</summary>
    public string? LogExportStateMachineArn { get; init; }

    /// <summary>The role EventBridge Scheduler assumes to start the log-export workflow.</summary>
    public string? SchedulerRoleArn { get; init; }

    /// <summary>The deployment's EventBridge Scheduler schedule group (template.yaml <c>ScheduleGroup</c>); every environment schedule lives there.</summary>
    public string? ScheduleGroupName { get; init; }

    /// <summary>The export bucket for environments whose spec names none.</summary>
    public string? LogExportBucket { get; init; }

    /// <summary>The most instances one environment may ask for (<c>scaling.max</c>); the deployment's cap.</summary>
    public int MaxInstancesCap { get; init; } = ValidationOptions.Default.MaxInstancesCap;

    /// <summary>The VPC of environments whose spec gives no <c>network</c> (with <see cref="DefaultSubnetIds"/>).</summary>
    public string? DefaultVpcId { get; init; }

    /// <summary>The subnets of environments whose spec gives no <c>network</c>.</summary>
    public IReadOnlyList<string> DefaultSubnetIds { get; init; } = [];

    /// <summary>The network a spec without one gets, when the deployment names one.</summary>
    public DefaultNetwork? DefaultNetwork => DefaultNetwork.From(DefaultVpcId, DefaultSubnetIds);

    /// <summary>The deployment (the stack): on every resource's <c>provisioner:deployment</c> tag, checked by every find.</summary>
    public string Deployment { get; init; } = ResourceOwner.DefaultDeployment;

    /// <summary>The start of every resource name of this deployment (at most <see cref="ResourceNames.MaxPrefixLength"/> characters).</summary>
    public string NamePrefix { get; init; } = ResourceNames.DefaultPrefix;

    /// <summary>The tag an instance must carry before CreateAmi bakes an image of it (IAM checks it too).</summary>
    public string SourceTagKey { get; init; } = "provisioner:source";

    /// <summary>The value of <see cref="SourceTagKey"/> that allows an instance as a source.</summary>
    public string SourceTagValue { get; init; } = "allowed";

    /// <summary>Who a step acts for: the spec's environment and generation (null: every generation) in this deployment.</summary>
    public ResourceOwner OwnerOf(EnvironmentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ResourceOwner(spec.EnvironmentId, Deployment, spec.Generation, NamePrefix);
    }

    /// <summary>Who an Undo acts for: the target's environment and generation (null: every generation) in this deployment.</summary>
    /// <exception cref="Provisioner.Core.Steps.StepFailedException">The environment id is not one the validator accepts (<c>Provisioner.InvalidSpec</c>).</exception>
    public ResourceOwner OwnerOf(UndoTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!EnvironmentSpecValidator.IsValidEnvironmentId(target.EnvironmentId))
        {
            throw new Provisioner.Core.Steps.StepFailedException(Provisioner.Core.Steps.StepErrors.InvalidSpec,
                $"/environmentId: {EnvironmentSpecValidator.EnvironmentIdRule}");
        }
        if (target.Generation is < ResourceOwner.FirstGeneration)
        {
            throw new Provisioner.Core.Steps.StepFailedException(Provisioner.Core.Steps.StepErrors.InvalidSpec, "/generation: must be a whole number from 1");
        }
        return new ResourceOwner(target.EnvironmentId, Deployment, target.Generation, NamePrefix);
    }

    /// <summary>
    /// The Lambda timeout of the step functions (template.yaml <c>Globals.Function.Timeout</c>). Lambda stops an
    /// invocation at it, so no Run started before an instant can still create anything once this much time has
    /// passed after it: the bound a teardown waits out before it calls an environment gone (every Task state's
    /// TimeoutSeconds is longer, so a state never gives up on a function Lambda has not stopped yet).
    /// </summary>
    public TimeSpan FunctionTimeout { get; init; } = DefaultFunctionTimeout;

    /// <summary>Reads the settings from environment variables; unset or blank variables give null (or the default).</summary>
    /// <exception cref="InvalidOperationException"><see cref="MaxInstancesVariable"/> is not a whole number from 1 to 1000, <see cref="FunctionTimeoutVariable"/> not one from 1 to 900, or <see cref="NamePrefixVariable"/> breaks the prefix rule.</exception>
    public static StepSettings FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new StepSettings
        {
            InstanceProfileName = Read(environment, InstanceProfileVariable),
            LogExportStateMachineArn = Read(environment, LogExportStateMachineArnVariable),
            SchedulerRoleArn = Read(environment, SchedulerRoleArnVariable),
            ScheduleGroupName = Read(environment, ScheduleGroupVariable),
            LogExportBucket = Read(environment, LogExportBucketVariable),
            MaxInstancesCap = Read(environment, MaxInstancesVariable) is { } cap ? Cap(cap) : ValidationOptions.Default.MaxInstancesCap,
            DefaultVpcId = Read(environment, DefaultVpcIdVariable),
            DefaultSubnetIds = Read(environment, DefaultSubnetIdsVariable)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            Deployment = Read(environment, DeploymentVariable) ?? ResourceOwner.DefaultDeployment,
            NamePrefix = Read(environment, NamePrefixVariable) is { } prefix ? Prefix(prefix) : ResourceNames.DefaultPrefix,
            SourceTagKey = Read(environment, SourceTagKeyVariable) ?? "provisioner:source",
            SourceTagValue = Read(environment, SourceTagValueVariable) ?? "allowed",
            FunctionTimeout = Read(environment, FunctionTimeoutVariable) is { } seconds ? Seconds(seconds) : DefaultFunctionTimeout,
        };
    }

    private static int Cap(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var cap) && cap is >= 1 and <= 1000
            ? cap
            : throw new InvalidOperationException($"{MaxInstancesVariable} must be a whole number from 1 to 1000 (got '{text}').");

    private static TimeSpan Seconds(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 900
            ? TimeSpan.FromSeconds(seconds)
            : throw new InvalidOperationException($"{FunctionTimeoutVariable} must be a whole number of seconds from 1 to 900, Lambda's limit (got '{text}').");

    private static string Prefix(string text) =>
        ResourceNames.IsValidPrefix(text) ? text : throw new InvalidOperationException($"{NamePrefixVariable}: {ResourceNames.PrefixRule(text)}");

    private static string? Read(Func<string, string?> environment, string name) =>
        environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
