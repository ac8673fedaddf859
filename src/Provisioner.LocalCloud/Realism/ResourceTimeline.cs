using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.LocalCloud.Time;

namespace Provisioner.LocalCloud.Realism;

/// <summary>When a resource started a transition and how long that transition takes (sampled once).</summary>
public sealed record ResourceClock(string Key, LatencyKind Kind, DateTimeOffset Start, TimeSpan Duration, bool Fails = false)
{
    public DateTimeOffset ReadyAt => Start + Duration;

    public bool IsDone(DateTimeOffset now) => now >= ReadyAt;

    /// <summary>Fraction done in [0, 1].</summary>
    public double Progress(DateTimeOffset now) =>
        Duration <= TimeSpan.Zero ? 1 : Math.Clamp((now - Start) / Duration, 0, 1);
}

/// <summary>
/// The per-resource records of the lifecycles ("created at + sampled duration"), keyed by kind and id.
/// The first record for a key wins, so a retried or replayed call never restarts a transition.
/// Kept in <paramref name="state"/> (the data folder) when there is one: a restarted LocalCloud resumes every clock.
/// </summary>
public sealed class ResourceTimeline(TimeProvider time, LatencySampler sampler, LocalCloudState? state = null) : IPersistentState
{
    private readonly ConcurrentDictionary<string, ResourceClock> _clocks = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ResourceClock> _recorded = new();

    /// <summary>The duration of a transition that never completes (ten years: no wait budget reaches it, and the end still fits a date).</summary>
    public static readonly TimeSpan Forever = TimeSpan.FromDays(3650);

    public TimeProvider Time { get; } = time;

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Starts (or returns the existing) transition for <paramref name="key"/>.</summary>
    public ResourceClock Start(string key, LatencyKind kind, DateTimeOffset? start = null, TimeSpan? duration = null, bool fails = false)
    {
        if (_clocks.TryGetValue(key, out var existing))
        {
            return existing;
        }
        var clock = _clocks.GetOrAdd(key, k => new ResourceClock(k, kind, start ?? Now, duration ?? sampler.Sample(kind, k), fails));
        state?.Changed();
        return clock;
    }

    public ResourceClock? Find(string key) => _clocks.TryGetValue(key, out var clock) ? clock : null;

    public void Forget(string key)
    {
        if (_clocks.TryRemove(key, out _))
        {
            state?.Changed();
        }
    }

    public IReadOnlyCollection<ResourceClock> All => [.. _clocks.Values];

    /// <summary>
    /// Notes a transition a lifecycle keeps itself (a deletion: the next deletion of the same name is a new one, so
    /// it is not keyed here), for whoever inspects the simulation (the teardown bench derives its bound from them).
    /// Nothing in the layer reads it back.
    /// </summary>
    public void Record(ResourceClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        _recorded.Enqueue(clock);
    }

    /// <summary>The transitions <see cref="Record"/> noted, in the order they started.</summary>
    public IReadOnlyCollection<ResourceClock> Recorded => [.. _recorded];

    string IPersistentState.StateName => "clocks";

    JsonNode IPersistentState.SaveState() => JsonSerializer.SerializeToNode(_clocks.Values.OrderBy(c => c.Key, StringComparer.Ordinal).ToList(), LocalCloudState.Json)!;

    void IPersistentState.LoadState(JsonNode saved)
    {
        foreach (var clock in saved.Deserialize<List<ResourceClock>>(LocalCloudState.Json) ?? [])
        {
            _clocks.TryAdd(clock.Key, clock);
        }
    }
}
