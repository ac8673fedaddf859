namespace Provisioner.Core.Spec;

/// <summary>Auto Scaling group size and its target-tracking policy; defaults are the lab's (0/3/1, CPU 50 %).</summary>
public sealed record ScalingSpec
{
    public int Min { get; init; }
    public int Max { get; init; } = 3;
    public int Desired { get; init; } = 1;
    public int TargetCpuPercent { get; init; } = 50;
    public int WarmupSeconds { get; init; } = 300;
    public int HealthCheckGraceSeconds { get; init; } = 300;
}
