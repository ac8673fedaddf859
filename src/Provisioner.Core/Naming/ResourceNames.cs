using System.Diagnostics.CodeAnalysis;

namespace Provisioner.Core.Naming;

/// <summary>
/// The deterministic names of everything an environment owns. A retried create looks for the resource
/// by this name before making one, and Undo finds it by this name even when the ledger is empty.
/// Every name fits its AWS rule for any environment id the validator accepts (3-20 chars,
/// <c>[a-z][a-z0-9-]*[a-z0-9]</c>); the property tests in Provisioner.Core.Tests hold that.
/// </summary>
public sealed record ResourceNames
{
    public const string Prefix = "prov-";

    private ResourceNames(string environmentId) => EnvironmentId = environmentId;

    public string EnvironmentId { get; }

    /// <summary>Creates the names for an environment id that has passed validation.</summary>
    public static ResourceNames For(string environmentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(environmentId);
        return new ResourceNames(environmentId);
    }

    private string Base => Prefix + EnvironmentId;

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
    public string LogGroup => $"/provisioner/{EnvironmentId}/app";
    public string LogExportSchedule => $"{Base}-log-export";

    /// <summary>Name tag of the self-signed certificate (ACM certificates have no name of their own).</summary>
    public string Certificate => $"{Base}-cert";

    /// <summary>All alarm names, in the order CreateAlarms creates them.</summary>
    public IReadOnlyList<string> Alarms => [CpuHighAlarm, UnhealthyHostsAlarm, Http5xxAlarm];

    /// <summary>
    /// A deterministic idempotency token for APIs that take one (CreateLaunchTemplate, ...): at most
    /// 64 ASCII characters, the same on every retry of the same step for the same environment.
    /// </summary>
    [SuppressMessage("Performance", "CA1822", Justification = "Reads like the other names at the call site.")]
    public string ClientToken(string step)
    {
        ArgumentException.ThrowIfNullOrEmpty(step);
        var token = $"{Base}-{step}";
        return token.Length <= 64 ? token : token[..64];
    }
}
