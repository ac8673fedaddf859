namespace Provisioner.Core.Spec;

/// <summary>
/// One environment to provision: the single input every entry point (API, schedule, CLI) shares.
/// Instances are only ever produced by <see cref="Validation.EnvironmentSpecValidator"/> (defaults filled,
/// every rule checked) or deserialized from a payload that validator produced.
/// </summary>
public sealed record EnvironmentSpec
{
    public required string EnvironmentId { get; init; }
    public required SourceSpec Source { get; init; }
    public required NetworkSpec Network { get; init; }
    public AppSpec App { get; init; } = new();
    public LoadBalancerSpec LoadBalancer { get; init; } = new();
    public LaunchSpec Launch { get; init; } = new();
    public ScalingSpec Scaling { get; init; } = new();
    public AlarmsSpec Alarms { get; init; } = new();
    public LogsSpec Logs { get; init; } = new();

    /// <summary>Hours until the environment is torn down automatically; null keeps it until deleted.</summary>
    public int? TtlHours { get; init; }
}
