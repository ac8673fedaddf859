using System.Diagnostics;

namespace Provisioner.StateMachine.Timing;

/// <summary>
/// Simulated time that moves only when nothing it simulates is running. Everything that runs inside the
/// simulation (an execution's logical threads, each task invocation) holds the clock with a
/// <see cref="ClockHold"/>; while any hold is running, time stands still, so the real time a handler
/// spends (an HTTP call to moto, a slow machine) never shows on the clock. When every hold is waiting on
/// time, the clock moves to the earliest due timer: at once (<see cref="Pace"/> infinite, "virtual time")
/// or at <see cref="Pace"/> simulated seconds per real second (the demo's and <c>up</c>'s time scale).
/// </summary>
/// <remarks>
/// <para>The clock is explicit about what counts as waiting (as Temporal's time-skipping environment is):
/// a timer made through <see cref="Waits"/> (or the engine's Wait states and retry back-offs) is a wait of
/// the hold of the flow that made it; a timer made through the clock itself is a watchdog and waits for
/// nothing. When any timer fires, the hold of the flow that made it runs again before the clock looks
/// again, and timer callbacks run on the thread pool, never on the thread that moved the clock.</para>
/// <para>Code outside every hold (an HTTP request to the API, a test) does not hold the clock: its waits
/// simply end when the clock gets there. Time also flows at <see cref="Pace"/> while nothing waits at all.
/// A paused clock (<see cref="Paused"/>) moves only through <see cref="Advance"/>.</para>
/// </remarks>
public sealed class VirtualClock : TimeProvider, IDisposable
{
    private static readonly AsyncLocal<ClockHold?> CurrentHold = new();

    private readonly Lock _gate = new();
    private readonly List<VirtualTimer> _timers = [];
    private readonly TimeProvider _real;
    private ITimer? _paceTimer;
    private DateTimeOffset _now;
    private long _flowingSince;
    private bool _flowing;
    private int _running;
    private long _sequence;
    private bool _paused;
    private bool _disposed;

    /// <param name="start">The simulated instant the clock starts at.</param>
    /// <param name="pace">Simulated seconds per real second while idle; infinity jumps at once.</param>
    /// <param name="real">The real clock the pace is measured on (tests pin it).</param>
    public VirtualClock(DateTimeOffset start, double pace = double.PositiveInfinity, TimeProvider? real = null)
    {
        if (!(pace > 0) || double.IsNaN(pace))
        {
            throw new ArgumentOutOfRangeException(nameof(pace), pace, "pace must be a positive number of simulated seconds per real second (or infinity).");
        }

        _now = start;
        Pace = pace;
        _real = real ?? System;
        Waits = new WaitView(this);
        MoveIfIdle();
    }

    /// <summary>Simulated seconds per real second while nothing runs; infinity: jump straight to the next timer.</summary>
    public double Pace { get; }

    /// <summary>True when the clock jumps over idle time instead of pacing it.</summary>
    public bool IsInstant => double.IsPositiveInfinity(Pace);

    /// <summary>The same clock, but every timer made through it is a wait of the calling flow's hold (retry back-offs, simulated latency).</summary>
    public TimeProvider Waits { get; }

    /// <summary>Holds running right now (not waiting on time, not suspended).</summary>
    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Timers not yet fired.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>While paused the clock moves only through <see cref="Advance"/> (tests that move time themselves).</summary>
    public bool Paused
    {
        get
        {
            lock (_gate)
            {
                return _paused;
            }
        }

        set
        {
            lock (_gate)
            {
                Freeze();
                _paused = value;
            }

            MoveIfIdle();
        }
    }

    /// <summary>The hold of the calling flow, if it runs inside this clock's simulation.</summary>
    internal ClockHold? Current => CurrentHold.Value is { } hold && hold.Clock == this ? hold : null;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return NowLocked();
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Create(callback, state, dueTime, period, isWait: false);

    /// <summary>Moves the clock forward by <paramref name="by"/> now, firing every timer due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        List<VirtualTimer> fired;
        lock (_gate)
        {
            Freeze();
            var target = _now + by;
            fired = [];
            while (Earliest() is { } next && next.Due <= target)
            {
                _now = next.Due;
                Fire(next, fired);
            }

            _now = target;
        }

        Dispatch(fired);
        MoveIfIdle();
    }

    /// <summary>
    /// Waits, as the calling flow's hold, for nothing on the clock: only <paramref name="cancellationToken"/>
    /// ends it. For work that is meant never to finish by itself (a hung task awaiting its timeout), so the
    /// clock knows it may move on.
    /// </summary>
    public async Task SuspendUntilCanceledAsync(CancellationToken cancellationToken)
    {
        var hold = Current;
        hold?.Suspend();
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            hold?.Resume();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _paceTimer?.Dispose();
            _paceTimer = null;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside the simulation, as a hold of its own, as the engine runs a task: time
    /// stands still while it runs and moves on for its waits (made through <see cref="Waits"/>) only when every
    /// other hold waits too. For work that starts outside the engine, such as the Lambda functions that
    /// schedules call on <c>up</c>; without it the clock jumps under a running call (past its timeouts).
    /// </summary>
    public async Task RunHeldAsync(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var hold = Hold();
        Enter(hold);
        try
        {
            await work().ConfigureAwait(false);
        }
        finally
        {
            hold.End();
        }
    }

    /// <summary>A new running hold (a logical thread or an invocation starts).</summary>
    internal ClockHold Hold()
    {
        var hold = new ClockHold(this);
        lock (_gate)
        {
            Freeze();
            _running++;
        }

        return hold;
    }

    /// <summary>Makes <paramref name="hold"/> the hold of the calling flow and of the flows it starts.</summary>
    internal static void Enter(ClockHold? hold) => CurrentHold.Value = hold;

    /// <summary>A wait of the calling flow until <paramref name="due"/> (a Wait state, a retry back-off).</summary>
    internal Task WaitUntilAsync(DateTimeOffset due, CancellationToken cancellationToken) =>
        DelayAsync(due - GetUtcNow(), Waits, cancellationToken);

    /// <summary>A watchdog: ends at <paramref name="due"/> without counting as a wait.</summary>
    internal Task WatchUntilAsync(DateTimeOffset due, CancellationToken cancellationToken) =>
        DelayAsync(due - GetUtcNow(), this, cancellationToken);

    internal void Change(ClockHold hold, HoldState to)
    {
        lock (_gate)
        {
            var wasRunning = hold.State == HoldState.Running;
            if (hold.State is HoldState.Ended || hold.State == to)
            {
                return;
            }

            hold.State = to;
            hold.WaitingOn = null;
            var isRunning = to == HoldState.Running;
            if (isRunning && !wasRunning)
            {
                Freeze();
                _running++;
            }
            else if (wasRunning && !isRunning)
            {
                _running--;
            }
        }

        MoveIfIdle();
    }

    private static Task DelayAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, time, cancellationToken);

    private VirtualTimer Create(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period, bool isWait)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var owner = Current;
        var timer = new VirtualTimer(this, callback, state, owner, isWait);
        Schedule(timer, dueTime, period);
        return timer;
    }

    private bool Schedule(VirtualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        List<VirtualTimer> fired = [];
        lock (_gate)
        {
            if (timer.Disposed)
            {
                return false;
            }

            Freeze();
            _timers.Remove(timer);
            timer.Period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                ReleaseWaitLocked(timer);
                return true;
            }

            timer.Due = _now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            timer.Sequence = ++_sequence;
            _timers.Add(timer);
            if (timer.IsWait && timer.Owner is { State: HoldState.Running } owner)
            {
                owner.State = HoldState.Waiting;
                owner.WaitingOn = timer;
                _running--;
            }

            if (dueTime <= TimeSpan.Zero)
            {
                Fire(timer, fired);
            }
        }

        Dispatch(fired);
        MoveIfIdle();
        return true;
    }

    private void Cancel(VirtualTimer timer)
    {
        lock (_gate)
        {
            if (timer.Disposed)
            {
                return;
            }

            timer.Disposed = true;
            _timers.Remove(timer);
            ReleaseWaitLocked(timer);
        }

        MoveIfIdle();
    }

    /// <summary>A wait that will not fire (disposed, or changed to never): its owner runs on.</summary>
    private void ReleaseWaitLocked(VirtualTimer timer)
    {
        if (timer.Owner is { State: HoldState.Waiting } owner && owner.WaitingOn == timer)
        {
            Wake(owner);
        }
    }

    private void Wake(ClockHold owner)
    {
        owner.State = HoldState.Running;
        owner.WaitingOn = null;
        Freeze();
        _running++;
    }

    /// <summary>Fires one due timer: its owner runs again (before anything looks at the clock), its callback is queued.</summary>
    private void Fire(VirtualTimer timer, List<VirtualTimer> fired)
    {
        _timers.Remove(timer);
        if (timer.Owner is { State: HoldState.Waiting or HoldState.Suspended } owner)
        {
            Wake(owner);
        }

        if (timer.Period > TimeSpan.Zero && timer.Period != Timeout.InfiniteTimeSpan)
        {
            timer.Due = _now + timer.Period;
            timer.Sequence = ++_sequence;
            _timers.Add(timer);
        }

        fired.Add(timer);
    }

    private static void Dispatch(List<VirtualTimer> fired)
    {
        foreach (var timer in fired)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static t => t.Callback(t.State), timer, preferLocal: false);
        }
    }

    private VirtualTimer? Earliest()
    {
        VirtualTimer? earliest = null;
        foreach (var timer in _timers)
        {
            if (earliest is null || timer.Due < earliest.Due || (timer.Due == earliest.Due && timer.Sequence < earliest.Sequence))
            {
                earliest = timer;
            }
        }

        return earliest;
    }

    private DateTimeOffset NowLocked()
    {
        if (!_flowing)
        {
            return _now;
        }

        var flowed = _now + (_real.GetElapsedTime(_flowingSince) * Pace);
        return Earliest() is { } next && next.Due < flowed ? (next.Due > _now ? next.Due : _now) : flowed;
    }

    /// <summary>Stops the paced flow of time where it is (something runs again, or the timers changed).</summary>
    private void Freeze()
    {
        if (_flowing)
        {
            _now = NowLocked();
            _flowing = false;
        }

        _paceTimer?.Dispose();
        _paceTimer = null;
    }

    /// <summary>When nothing runs: jump to the due timers at once, or let time flow at the pace until the next one.</summary>
    private void MoveIfIdle()
    {
        while (true)
        {
            List<VirtualTimer> fired = [];
            lock (_gate)
            {
                if (_running > 0 || _paused || _disposed || _flowing)
                {
                    return;
                }

                var next = Earliest();
                if (!IsInstant)
                {
                    _flowing = true;
                    _flowingSince = _real.GetTimestamp();
                    if (next is not null)
                    {
                        var real = (next.Due - _now) / Pace;
                        _paceTimer = _real.CreateTimer(static c => ((VirtualClock)c!).PaceReached(), this,
                            real < TimeSpan.Zero ? TimeSpan.Zero : real, Timeout.InfiniteTimeSpan);
                    }

                    return;
                }

                if (next is null)
                {
                    return;
                }

                if (next.Due > _now)
                {
                    _now = next.Due;
                }

                while (Earliest() is { } due && due.Due <= _now)
                {
                    Fire(due, fired);
                }
            }

            Dispatch(fired);
        }
    }

    /// <summary>The paced clock reached its next timer.</summary>
    private void PaceReached()
    {
        List<VirtualTimer> fired = [];
        lock (_gate)
        {
            if (!_flowing || _disposed)
            {
                return;
            }

            _now = NowLocked();
            _flowing = false;
            _paceTimer?.Dispose();
            _paceTimer = null;
            if (Earliest() is { } next && next.Due > _now)
            {
                // Reached a moment early (timer resolution): the next timer is due now.
                _now = next.Due;
            }

            while (Earliest() is { } due && due.Due <= _now)
            {
                Fire(due, fired);
            }
        }

        Dispatch(fired);
        MoveIfIdle();
    }

    private sealed class WaitView(VirtualClock clock) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override long TimestampFrequency => clock.TimestampFrequency;

        public override long GetTimestamp() => clock.GetTimestamp();

        public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            clock.Create(callback, state, dueTime, period, isWait: true);
    }

    private sealed class VirtualTimer(VirtualClock clock, TimerCallback callback, object? state, ClockHold? owner, bool isWait) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public ClockHold? Owner { get; } = owner;

        public bool IsWait { get; } = isWait;

        public DateTimeOffset Due { get; set; }

        public TimeSpan Period { get; set; }

        public long Sequence { get; set; }

        public bool Disposed { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => clock.Schedule(this, dueTime, period);

        public void Dispose() => clock.Cancel(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>What a hold is doing.</summary>
internal enum HoldState
{
    /// <summary>Runnable: the clock stands still.</summary>
    Running,

    /// <summary>Waiting on a timer it made through <see cref="VirtualClock.Waits"/>.</summary>
    Waiting,

    /// <summary>Waiting on other holds (a join, a task invocation, a child execution) or on cancellation only.</summary>
    Suspended,

    /// <summary>Finished or detached: counts no more.</summary>
    Ended,
}

/// <summary>
/// One logical thread of the simulation (an execution's branch, a task invocation). While it runs the
/// clock stands still; it stops holding the clock while it waits on time or on other holds.
/// </summary>
internal sealed class ClockHold
{
    public ClockHold(VirtualClock clock) => Clock = clock;

    public VirtualClock Clock { get; }

    public HoldState State { get; set; }

    /// <summary>The wait timer it is blocked on, if any (guarded by the clock).</summary>
    public object? WaitingOn { get; set; }

    public void Suspend() => Clock.Change(this, HoldState.Suspended);

    public void Resume() => Clock.Change(this, HoldState.Running);

    /// <summary>Ends (or detaches: an abandoned invocation runs on without holding the clock).</summary>
    public void End() => Clock.Change(this, HoldState.Ended);
}
