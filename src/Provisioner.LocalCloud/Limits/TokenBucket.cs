namespace Provisioner.LocalCloud.Limits;

/// <summary>A token bucket on an injectable clock: <see cref="Capacity"/> tokens, refilled at <see cref="RefillPerSecond"/>.</summary>
public sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _last;

    public TokenBucket(double capacity, double refillPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        ArgumentOutOfRangeException.ThrowIfNegative(refillPerSecond);
        Capacity = capacity;
        RefillPerSecond = refillPerSecond;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _tokens = capacity;
        _last = time.GetTimestamp();
    }

    public double Capacity { get; }

    public double RefillPerSecond { get; }

    /// <summary>Tokens now (after refill).</summary>
    public double Tokens
    {
        get
        {
            lock (_gate)
            {
                Refill();
                return _tokens;
            }
        }
    }

    /// <summary>Takes one token; false when the bucket is empty (the call is throttled).</summary>
    public bool TryTake()
    {
        lock (_gate)
        {
            Refill();
            if (_tokens < 1)
            {
                return false;
            }
            _tokens -= 1;
            return true;
        }
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_last, now);
        _last = now;
        if (elapsed > TimeSpan.Zero)
        {
            _tokens = Math.Min(Capacity, _tokens + elapsed.TotalSeconds * RefillPerSecond);
        }
    }
}
