namespace Provisioner.LocalCloud.Time;

/// <summary>What takes time in AWS (the rows of <see cref="LatencyModel.Table"/>).</summary>
public enum LatencyKind
{
    ImageAvailable,
    LoadBalancerActive,
    InstanceInService,
    TargetHealthy,
    TargetDraining,
    LoadBalancerDelete,
    AutoScalingGroupDelete,
    LogExportTask,
    ApiCall,
}

/// <summary>One row: the typical duration and the range a sample falls in.</summary>
public sealed record LatencyEntry(LatencyKind Kind, TimeSpan Typical, TimeSpan Min, TimeSpan Max, string Note);

/// <summary>
/// The default latency model (DESIGN.md section 7), from public AWS measurements, in one table.
/// Durations are sampled from a triangular distribution (min, typical, max) with a seeded random source,
/// so the same seed repeats a run exactly.
/// </summary>
public static class LatencyModel
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    public static IReadOnlyList<LatencyEntry> Table { get; } =
    [
        new(LatencyKind.ImageAvailable, S(240), S(120), S(600),
            "CreateImage -> available, 8 GiB gp3; grows with written blocks (AWS: 'sometimes up to 24 h')"),
        new(LatencyKind.LoadBalancerActive, S(150), S(135), S(187),
            "ALB provisioning -> active, 2m15s-3m07s (rarely 30 min); CreateLoadBalancer itself returns in ~1 s"),
        new(LatencyKind.InstanceInService, S(60), S(45), S(65),
            "ASG instance launch -> InService"),
        new(LatencyKind.TargetHealthy, S(30), S(5), S(30),
            "new target -> healthy: at most one health-check interval (30 s default); scaled to the group's interval"),
        new(LatencyKind.TargetDraining, S(300), S(300), S(300),
            "deregistration delay (300 s default); these environments set it low"),
        new(LatencyKind.LoadBalancerDelete, S(10), S(5), S(30),
            "ALB delete: seconds; its network interfaces (and so its security group) are released then"),
        new(LatencyKind.AutoScalingGroupDelete, S(180), S(90), S(300),
            "ASG delete: a few minutes while its instances terminate"),
        new(LatencyKind.LogExportTask, S(60), S(20), S(300),
            "CloudWatch Logs export task PENDING/RUNNING -> COMPLETED (estimate; grows with data)"),
        new(LatencyKind.ApiCall, S(1), S(0.2), S(2),
            "any other API call (applied only when call latency is switched on)"),
    ];

    public static LatencyEntry For(LatencyKind kind) => Table.First(e => e.Kind == kind);
}

/// <summary>Samples durations from <see cref="LatencyModel.Table"/> with a seeded random source (thread-safe).</summary>
public sealed class LatencySampler
{
    private readonly Random _random;
    private readonly Lock _gate = new();

    public LatencySampler(int seed) => _random = new Random(seed);

    public TimeSpan Sample(LatencyKind kind)
    {
        var entry = LatencyModel.For(kind);
        double u;
        lock (_gate)
        {
            u = _random.NextDouble();
        }
        return Triangular(entry.Min, entry.Typical, entry.Max, u);
    }

    /// <summary>The inverse CDF of the triangular distribution at <paramref name="u"/> in [0, 1).</summary>
    internal static TimeSpan Triangular(TimeSpan min, TimeSpan mode, TimeSpan max, double u)
    {
        double a = min.TotalSeconds, c = mode.TotalSeconds, b = max.TotalSeconds;
        if (b <= a)
        {
            return min;
        }
        var split = (c - a) / (b - a);
        var seconds = u < split
            ? a + Math.Sqrt(u * (b - a) * (c - a))
            : b - Math.Sqrt((1 - u) * (b - a) * (b - c));
        return TimeSpan.FromSeconds(seconds);
    }
}
