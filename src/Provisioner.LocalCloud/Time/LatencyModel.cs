using System.Collections.Concurrent;
using System.Text;

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

/// <summary>
/// Samples durations from <see cref="LatencyModel.Table"/>, seeded and keyed (thread-safe): the n-th draw for
/// one key (a <see cref="LatencyScope"/>, else a resource or an API request) depends only on the seed, the kind,
/// the key and n, never on the order
/// in which concurrent branches happen to ask. So a run's simulated timeline repeats exactly for a seed,
/// however the machine schedules its threads.
/// </summary>
public sealed class LatencySampler(int seed)
{
    private readonly ConcurrentDictionary<string, int> _draws = new(StringComparer.Ordinal);

    /// <summary>The next draw of <paramref name="kind"/> in one sequence shared by every unkeyed caller.</summary>
    public TimeSpan Sample(LatencyKind kind) => Sample(kind, "");

    /// <summary>The next draw of <paramref name="kind"/> for <paramref name="key"/>, or for the caller's <see cref="LatencyScope"/> when it has one.</summary>
    public TimeSpan Sample(LatencyKind kind, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        key = LatencyScope.Current ?? key;
        var entry = LatencyModel.For(kind);
        var draw = _draws.AddOrUpdate($"{kind}|{key}", 1, static (_, n) => n + 1);
        return Triangular(entry.Min, entry.Typical, entry.Max, Uniform($"{seed}|{kind}|{key}|{draw}"));
    }

    /// <summary>A uniform number in [0, 1) from a string (FNV-1a 64, then the top 53 bits).</summary>
    internal static double Uniform(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        // Finalise (splitmix64) so that neighbouring keys spread over the whole range.
        hash ^= hash >> 30;
        hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 27;
        hash *= 0x94d049bb133111ebUL;
        hash ^= hash >> 31;
        return (hash >> 11) * (1.0 / (1UL << 53));
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
