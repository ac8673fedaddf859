using System.Diagnostics;

namespace Provisioner.LocalCloud.Time;

/// <summary>
/// A clock that runs <see cref="Scale"/> times faster than real time:
/// simulated now = start + scale * (real time elapsed since creation). Timers (and so
/// <c>Task.Delay(d, provider)</c>) fire after d / scale of real time, so a 4-minute AMI wait at
/// scale 60 takes 4 real seconds.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly long _realStart;
    private readonly TimeProvider _real;

    public ScaledTimeProvider(double scale, DateTimeOffset? start = null, TimeProvider? real = null)
    {
        if (!(scale > 0) || double.IsInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be a positive, finite number (1 = real time, 60 = a minute per second).");
        }
        Scale = scale;
        _real = real ?? System;
        _start = start ?? _real.GetUtcNow();
        _realStart = _real.GetTimestamp();
    }

    public double Scale { get; }

    public override DateTimeOffset GetUtcNow() => _start + Elapsed();

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override long GetTimestamp() => (long)(Elapsed().TotalSeconds * TimestampFrequency);

    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(this, _real.CreateTimer(callback, state, ToReal(dueTime), ToReal(period)));

    private TimeSpan Elapsed() => _real.GetElapsedTime(_realStart) * Scale;

    private TimeSpan ToReal(TimeSpan simulated) =>
        simulated == Timeout.InfiniteTimeSpan ? simulated : simulated / Scale;

    /// <summary>A real timer whose <see cref="Change"/> takes simulated durations too.</summary>
    private sealed class ScaledTimer(ScaledTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.ToReal(dueTime), owner.ToReal(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
