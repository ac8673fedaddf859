using System.Diagnostics.CodeAnalysis;

namespace Provisioner.Core.Naming;

/// <summary>
/// The deterministic names of everything an environment owns. A retried create looks for the resource
/// by this name before making one, and Undo finds it by this name even when the ledger is empty.
/// Every name starts with the deployment's prefix (<see cref="DefaultPrefix"/> unless the deployment sets
/// another), so two deployments in one account never share a name. Every name fits its AWS rule for any
/// environment id the validator accepts (3-20 chars, <c>[a-z][a-z0-9-]*[a-z0-9]</c>) and any prefix
/// <see cref="IsValidPrefix"/> accepts (at most <see cref="MaxPrefixLength"/> characters: the load balancer
/// name <c>{prefix}-{id}-alb</c> then stays within ELB's 32); the property tests in Provisioner.Core.Tests hold that.
/// </summary>
public sealed record ResourceNames
{
    public const string DefaultPrefix = "prov";

    /// <summary>The default prefix with its separator: the start of every name of the default deployment.</summary>
    public const string Prefix = DefaultPrefix + "-";

    public const int MaxPrefixLength = 7;

    private ResourceNames(string environmentId, string prefix)
    {
        EnvironmentId = environmentId;
        NamePrefix = prefix;
    }

    public string EnvironmentId { get; }

    /// <summary>The deployment's name prefix (without the separator).</summary>
    public string NamePrefix { get; }

    /// <summary>Creates the names for an environment id that has passed validation, in the deployment with <paramref name="prefix"/>.</summary>
    /// <exception cref="ArgumentException">The prefix breaks <see cref="IsValidPrefix"/>.</exception>
    public static ResourceNames For(string environmentId, string prefix = DefaultPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(environmentId);
        if (!IsValidPrefix(prefix))
        {
            throw new ArgumentException(PrefixRule(prefix), nameof(prefix));
        }
        return new ResourceNames(environmentId, prefix);
    }

    /// <summary>1-7 characters, a lowercase letter then lowercase letters or digits.</summary>
    public static bool IsValidPrefix([NotNullWhen(true)] string? prefix) =>
        prefix is { Length: >= 1 and <= MaxPrefixLength }
        && prefix[0] is >= 'a' and <= 'z'
        && prefix.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));

    /// <summary>The rule <see cref="IsValidPrefix"/> applies, worded for an error message.</summary>
    public static string PrefixRule(string? prefix) =>
        $"The name prefix must be 1-{MaxPrefixLength} characters, a lowercase letter followed by lowercase letters or digits (got '{prefix}').";

    private string Base => $"{NamePrefix}-{EnvironmentId}";

    /// <summary>AMI name (unique per account and region: the key that makes CreateImage idempotent).</summary>
    public string Image => $"{Base}-ami";
    public string TargetGroup => $"{Base}-tg";
    public string LoadBalancer => $"{Base}-alb";
    public string LoadBalancerSecurityGroup => $"{Base}-alb-sg";
    public string InstanceSecurityGroup => $"{Base}-app-sg";
    public string LaunchTemplate => $"{Base}-lt";
    public string AutoScalingGroup => $"{Base}-asg";
    public string ScalingPolicy => $"{Base}-cpu-target";
    public string CpuHighAlarm => $"{Base}-cpu-high";
    public string UnhealthyHostsAlarm => $"{Base}-unhealthy-hosts";
    public string Http5xxAlarm => $"{Base}-alb-5xx";
    public string Dashboard => Base;
    public string AlertTopic => $"{Base}-alerts";

    /// <summary>
    /// The app's log group. The default deployment keeps the original path; another deployment's path
    /// carries its prefix, so two deployments never share a log group.
    /// </summary>
    public string LogGroup => NamePrefix == DefaultPrefix ? $"/provisioner/{EnvironmentId}/app" : $"/provisioner/{NamePrefix}/{EnvironmentId}/app";
    public string LogExportSchedule => $"{Base}-log-export";
    public string SleepSchedule => $"{Base}-sleep";
    public string WakeSchedule => $"{Base}-wake";

    /// <summary>One-time schedule that looks at a waking environment's targets again (it re-arms itself until they are healthy).</summary>
    public string WakeCheckSchedule => $"{Base}-wake-check";

    /// <summary>One-time schedule that tears the environment down when its TTL runs out.</summary>
    public string ExpirySchedule => $"{Base}-expiry";

    /// <summary>One-time schedule that publishes the expiry reminder to <see cref="AlertTopic"/>.</summary>
    public string ReminderSchedule => $"{Base}-reminder";

    /// <summary>One-time schedule that starts the provision of an environment requested for later.</summary>
    public string StartSchedule => $"{Base}-start";

    /// <summary>Every schedule the environment may have; teardown deletes them all (not found is fine).</summary>
    public IReadOnlyList<string> Schedules => [LogExportSchedule, ExpirySchedule, ReminderSchedule, StartSchedule, SleepSchedule, WakeSchedule, WakeCheckSchedule];

    /// <summary>Name tag of the self-signed certificate (ACM certificates have no name of their own).</summary>
    public string Certificate => $"{Base}-cert";

    /// <summary>All alarm names, in the order CreateAlarms creates them.</summary>
    public IReadOnlyList<string> Alarms => [CpuHighAlarm, UnhealthyHostsAlarm, Http5xxAlarm];

    /// <summary>
    /// A deterministic idempotency token for APIs that take one (CreateLaunchTemplate, ...): at most
    /// 64 ASCII characters, the same on every retry of the same step for the same environment.
    /// </summary>
    public string ClientToken(string step)
    {
        ArgumentException.ThrowIfNullOrEmpty(step);
        var token = $"{Base}-{step}";
        return token.Length <= 64 ? token : token[..64];
    }
}
