using System.Globalization;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Schedules;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions.Api.Lambda;

/// <summary>The service functions' environment variables (set by template.yaml) in one place.</summary>
public sealed record ServiceSettings
{
    public const string TableVariable = "PROVISIONER_TABLE";
    public const string ProvisionStateMachineArnVariable = "PROVISIONER_PROVISION_STATE_MACHINE_ARN";
    public const string TeardownStateMachineArnVariable = "PROVISIONER_TEARDOWN_STATE_MACHINE_ARN";
    public const string QuotaActiveEnvironmentsVariable = "PROVISIONER_QUOTA_ACTIVE_ENVIRONMENTS";
    public const string QuotaScalingMaxVariable = "PROVISIONER_QUOTA_SCALING_MAX";
    public const string AdminGroupVariable = "PROVISIONER_ADMIN_GROUP";
    public const string MaxLifetimeHoursVariable = "PROVISIONER_MAX_LIFETIME_HOURS";
    public const string GroupsClaimVariable = "PROVISIONER_GROUPS_CLAIM";
    public const string ExpiryFunctionArnVariable = "PROVISIONER_EXPIRY_FUNCTION_ARN";
    public const string StartFunctionArnVariable = "PROVISIONER_START_FUNCTION_ARN";
    public const string TopicArnPrefixVariable = "PROVISIONER_TOPIC_ARN_PREFIX";

    public required string Table { get; init; }
    public string ProvisionStateMachineArn { get; init; } = "";
    public string TeardownStateMachineArn { get; init; } = "";
    public required ApiOptions Api { get; init; }
    public string GroupsClaim { get; init; } = HttpApiEvent.DefaultGroupsClaim;

    /// <summary>The environments' one-time schedules (TTL, requests for later); null when the deployment gives none.</summary>
    public ScheduleTargets? Schedules { get; init; }

    /// <exception cref="InvalidOperationException">A variable is missing or not a positive whole number.</exception>
    public static ServiceSettings FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var defaults = new ApiOptions();
        var steps = StepSettings.FromEnvironment(environment);
        return new ServiceSettings
        {
            Table = Required(environment, TableVariable),
            ProvisionStateMachineArn = environment(ProvisionStateMachineArnVariable) ?? "",
            TeardownStateMachineArn = environment(TeardownStateMachineArnVariable) ?? "",
            GroupsClaim = environment(GroupsClaimVariable) is { Length: > 0 } claim ? claim : HttpApiEvent.DefaultGroupsClaim,
            // The functions that set schedules are given the expiry function; the others have no schedules to set.
            Schedules = environment(ExpiryFunctionArnVariable) is { Length: > 0 } expiry
                ? new ScheduleTargets(
                    Required(environment, StepSettings.ScheduleGroupVariable),
                    Required(environment, StepSettings.SchedulerRoleArnVariable),
                    expiry,
                    Required(environment, StartFunctionArnVariable),
                    Required(environment, TopicArnPrefixVariable),
                    steps.NamePrefix)
                : null,
            Api = new ApiOptions
            {
                Quotas = new Quotas(
                    Positive(environment, QuotaActiveEnvironmentsVariable, defaults.Quotas.ActiveEnvironments),
                    Positive(environment, QuotaScalingMaxVariable, defaults.Quotas.ScalingMax)),
                AdminGroup = environment(AdminGroupVariable) is { Length: > 0 } group ? group : defaults.AdminGroup,
                MaxLifetimeHours = Positive(environment, MaxLifetimeHoursVariable, defaults.MaxLifetimeHours),
                DefaultVpcId = steps.DefaultVpcId,
                DefaultSubnetIds = steps.DefaultSubnetIds,
            },
        };
    }

    private static string Required(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set: the service functions need it.");

    private static int Positive(Func<string, string?> environment, string name, int fallback)
    {
        var text = environment(name);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"{name} must be a positive whole number (got '{text}').");
    }
}
