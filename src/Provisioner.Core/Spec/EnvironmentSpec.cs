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

    /// <summary>
    /// Which submission of the environment this is (set by ValidateSpec from the execution, never by the
    /// user): provisions and rollbacks act for it alone; null (a teardown) acts for every generation.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? Generation { get; init; }

    /// <summary>Hours until the environment is torn down automatically; null keeps it until deleted.</summary>
    public int? TtlHours { get; init; }

    /// <summary>Office hours (sleep and wake schedules); null keeps the environment awake.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public HoursSpec? Hours { get; init; }
}
