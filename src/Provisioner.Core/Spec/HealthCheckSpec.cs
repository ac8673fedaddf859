namespace Provisioner.Core.Spec;

/// <summary>The target group's HTTP health check; defaults are the lab's `/status` check.</summary>
public sealed record HealthCheckSpec
{
    public string Path { get; init; } = "/status";
    public int IntervalSeconds { get; init; } = 30;
    public int TimeoutSeconds { get; init; } = 5;
    public int HealthyThreshold { get; init; } = 5;
    public int UnhealthyThreshold { get; init; } = 2;
}
