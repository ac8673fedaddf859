using System.Collections.Concurrent;

namespace Provisioner.LocalCloud.Limits;

/// <summary>The account's token buckets, one per service and API (AWS evaluates each API on its own).</summary>
public sealed class RateLimiter(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    public bool Enabled { get; set; } = true;

    /// <summary>Takes a token for the call; false means throttled.</summary>
    public bool TryAcquire(string service, string action, bool unfiltered = false)
    {
        if (!Enabled)
        {
            return true;
        }
        var rule = RateLimitTable.Find(service, action, unfiltered);
        if (rule is null)
        {
            return true;
        }
        var key = unfiltered && rule.Action == "*read-unfiltered" ? $"{service}:{action}:unfiltered" : $"{service}:{action}";
        var bucket = _buckets.GetOrAdd(key, _ => new TokenBucket(rule.Capacity, rule.RefillPerSecond, time));
        return bucket.TryTake();
    }

    /// <summary>Refills every bucket (tests and the demo's reset).</summary>
    public void Reset() => _buckets.Clear();
}
