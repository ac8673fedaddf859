using System.Globalization;
using Microsoft.Extensions.Time.Testing;

namespace Provisioner.StateMachine.Tests.Conformance;

/// <summary>
/// A virtual clock for running whole executions: a <see cref="FakeTimeProvider"/> that knows which of
/// its timers are pending, so <see cref="RunAsync{T}"/> can jump straight to the next due timer
/// whenever the engine is waiting on one. A one-hour Wait takes no real time, and the simulated
/// elapsed time is exact (Retry intervals, BackoffRate and MaxDelaySeconds become checkable).
/// </summary>
public sealed class SteppedClock : TimeProvider
{
    /// <summary>The instant every conformance execution starts at.</summary>
    public static readonly DateTimeOffset Epoch = new(2024, 3, 14, 1, 59, 0, 123, TimeSpan.Zero);

    /// <summary>Consecutive quiet checks before the clock may move.</summary>
    private const int QuietChecks = 5;

    /// <summary>Bound on the yields spent waiting for quiet (the pool is never quiet if other tests run).</summary>
    private const int MaxSettleYields = 20_000;

    /// <summary>Bound on clock jumps per execution (conformance executions need a few dozen): a timer that keeps re-arming fails the test instead of spinning.</summary>
    private const int MaxMoves = 10_000;

    /// <summary>
    /// Real time a quiet pool must stay quiet before a jump: about one scheduling period of a loaded
    /// two-core machine, so a runnable engine thread gets its turn first.
    /// </summary>
    private static readonly TimeSpan QuietConfirmation = TimeSpan.FromMilliseconds(30);

    /// <summary>Real time granted before a jump when the pool never got quiet.</summary>
    private static readonly TimeSpan NoisyPoolGrace = TimeSpan.FromMilliseconds(50);

    /// <summary>Pool threads busy when the clock was made: this thread plus whatever else the process runs.</summary>
    private readonly int _baselineBusy = BusyWorkers();

    private int _noisyGraces;

    private readonly FakeTimeProvider _fake = new(Epoch);
    private readonly Lock _gate = new();
    private readonly List<SteppedTimer> _timers = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public TimeSpan Elapsed => _fake.GetUtcNow() - Epoch;

    /// <summary>How the clock moved (for failure messages): each jump, and whether the pool was quiet before it.</summary>
    public IReadOnlyList<string> Moves => _moves;

    private readonly List<string> _moves = [];
    private int _lastBusy;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppedTimer(this);
        // Register before the inner timer exists: a zero due time fires inside CreateTimer.
        timer.Schedule(dueTime, period);
        timer.Inner = _fake.CreateTimer(callback, state, dueTime, period);
        return timer;
    }

    /// <summary>
    /// Awaits <paramref name="work"/>, advancing virtual time to the next due timer each time the work
    /// is blocked on timers only. <paramref name="realTimeGuard"/> bounds the real time spent waiting
    /// for the engine to make progress (a hung engine fails the test instead of hanging it).
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> work, TimeSpan realTimeGuard, CancellationToken cancellationToken)
    {
        while (!work.IsCompleted)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }
            // Let the engine run until it finishes or has nothing left to do but wait for a timer.
            var settled = await SettleAsync(work, changed);
            if (settled is null)
            {
                continue;
            }
            if (settled == false)
            {
                // Other work in the process keeps the pool busy: give the engine a little real
                // time to register its next timer before the clock jumps.
                var first = await Task.WhenAny(work, changed, Task.Delay(NoisyPoolGrace, TimeProvider.System, cancellationToken));
                if (first != work && first != changed)
                {
                    _noisyGraces++;
                }
                else
                {
                    continue;
                }
            }
            else
            {
                // Quiet, but an engine thread the OS has put aside for a moment looks quiet too (on a
                // loaded machine, Map's second iteration once lost its start this way): confirm after a
                // little real time that nothing moved and the pool is still quiet.
                var first = await Task.WhenAny(work, changed, Task.Delay(QuietConfirmation, TimeProvider.System, cancellationToken));
                if (first == work || first == changed || await SettleAsync(work, changed) != true)
                {
                    continue;
                }
            }
            DateTimeOffset? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt is not null).Select(t => t.DueAt).Min();
            }
            if (next is null)
            {
                // No timer pending: the engine is working (or awaiting a task); wait for news.
                await Task.WhenAny(work, changed).WaitAsync(realTimeGuard, TimeProvider.System, cancellationToken);
                continue;
            }
            if (_moves.Count >= MaxMoves)
            {
                throw new TimeoutException($"the clock moved {MaxMoves} times and the execution is still running; last moves: {string.Join(", ", _moves.TakeLast(5))}");
            }
            var step = next.Value - _fake.GetUtcNow();
            _moves.Add(string.Create(CultureInfo.InvariantCulture,
                $"+{Math.Max(step.TotalSeconds, 0)}s to {Elapsed.TotalSeconds + Math.Max(step.TotalSeconds, 0)}s{(settled.Value ? "" : $" (pool never quiet: {_lastBusy} busy, baseline {_baselineBusy}; {_noisyGraces} grace waits)")}"));
            _fake.Advance(step > TimeSpan.Zero ? step : TimeSpan.Zero);
            lock (_gate)
            {
                foreach (var timer in _timers.ToList())
                {
                    timer.Fired(_fake.GetUtcNow());
                }
            }
        }
        return await work;
    }

    /// <summary>
    /// Lets the engine run until it is quiet: nothing queued on the thread pool and no pool thread
    /// busy but this one, several checks in a row. That is why the virtual-time tests run in a
    /// collection of their own (<see cref="VirtualTimeGroup"/>): other tests would keep the pool
    /// busy. Returns null when the work completed or timers changed meanwhile, else whether it got quiet.
    /// </summary>
    private async Task<bool?> SettleAsync(Task work, Task changed)
    {
        var quiet = 0;
        var busy = 0;
        var completed = ThreadPool.CompletedWorkItemCount;
        for (var i = 0; i < MaxSettleYields && quiet < QuietChecks; i++)
        {
            if (work.IsCompleted || changed.IsCompleted)
            {
                return null;
            }
            await Task.Yield();
            busy = BusyWorkers();
            // Only this loop's own yield may have completed since the last look: any other finished work
            // item is the engine (or a task) moving, even when busy threads hide in an inflated baseline.
            var now = ThreadPool.CompletedWorkItemCount;
            var others = now - completed > 1;
            completed = now;
            quiet = !others && ThreadPool.PendingWorkItemCount == 0 && busy <= Math.Max(1, _baselineBusy) ? quiet + 1 : 0;
        }
        _lastBusy = busy;
        return work.IsCompleted || changed.IsCompleted ? null : quiet >= QuietChecks;
    }

    private static int BusyWorkers()
    {
        ThreadPool.GetMaxThreads(out var maxWorkers, out _);
        ThreadPool.GetAvailableThreads(out var availableWorkers, out _);
        return maxWorkers - availableWorkers;
    }

    private void Changed()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        previous.TrySetResult();
    }

    private sealed class SteppedTimer(SteppedClock clock) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public ITimer? Inner { get; set; }

        public DateTimeOffset? DueAt { get; private set; }

        public void Schedule(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                _period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock._fake.GetUtcNow() + dueTime;
                if (!clock._timers.Contains(this))
                {
                    clock._timers.Add(this);
                }
            }
            clock.Changed();
        }

        public void Fired(DateTimeOffset now)
        {
            if (DueAt is { } due && due <= now)
            {
                DueAt = _period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero ? null : due + _period;
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Schedule(dueTime, period);
            return Inner?.Change(dueTime, period) ?? true;
        }

        public void Dispose()
        {
            Forget();
            Inner?.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            Forget();
            if (Inner is not null)
            {
                await Inner.DisposeAsync();
            }
        }

        private void Forget()
        {
            lock (clock._gate)
            {
                DueAt = null;
                clock._timers.Remove(this);
            }
            clock.Changed();
        }
    }
}
