using Microsoft.Extensions.Time.Testing;

namespace Provisioner.StateMachine.Timing;

/// <summary>
/// All engine time goes through here. With a real <see cref="TimeProvider"/> a wait is a timer.
/// With a <see cref="FakeTimeProvider"/> the clock skips: whenever every logical thread of every
/// execution on this engine is waiting on time (a Wait, a retry back-off), the fake clock jumps to
/// the earliest due time, so a one-hour Wait ends at once and the simulated elapsed time is exact.
/// </summary>
/// <remarks>
/// A running task invocation holds the clock still (as Temporal's time-skipping test server does):
/// a handler doing real I/O never sees its TimeoutSeconds expire because of skipping. A test of task
/// timeouts advances the fake clock itself; the engine's timers are the fake clock's timers, so
/// they fire. Logical threads are counted with tokens: a thread gives its token up while it waits
/// on time and hands it over at fork and join, so the count never touches zero spuriously.
/// </remarks>
internal sealed class EngineClock
{
    private readonly FakeTimeProvider? _fake;
    private readonly Lock _gate = new();
    private readonly Lock _skipGate = new();
    private readonly List<TimerEntry> _blocked = [];
    private int _active;

    public EngineClock(TimeProvider? time)
    {
        Time = time ?? TimeProvider.System;
        _fake = Time as FakeTimeProvider;
    }

    public TimeProvider Time { get; }

    public bool IsVirtual => _fake is not null;

    public DateTimeOffset UtcNow => Time.GetUtcNow();

    /// <summary>Logical threads currently runnable (not waiting on time); exposed for tests.</summary>
    public int ActiveThreads
    {
        get
        {
            lock (_gate)
            {
                return _active;
            }
        }
    }

    /// <summary>Gives tokens to <paramref name="count"/> new logical threads.</summary>
    public void AddThreads(int count)
    {
        lock (_gate)
        {
            _active += count;
        }
    }

    /// <summary>A logical thread ends (or hands its token back by ending); may let the clock skip.</summary>
    public void ExitThread()
    {
        lock (_gate)
        {
            _active--;
        }

        SkipIfIdle();
    }

    /// <summary>
    /// Waits until <paramref name="due"/>. A blocking wait gives the caller's token up meanwhile (the
    /// thread is waiting on time); a non-blocking one is a watchdog next to running work.
    /// </summary>
    public async Task DelayUntilAsync(DateTimeOffset due, bool blocking, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var delay = due - Time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        var entry = new TimerEntry(due, blocking);
        if (blocking)
        {
            lock (_gate)
            {
                _blocked.Add(entry);
                _active--;
            }
        }

        using (Time.CreateTimer(_ => Wake(entry, canceled: false), null, delay, Timeout.InfiniteTimeSpan))
        using (cancellationToken.Register(() => Wake(entry, canceled: true)))
        {
            SkipIfIdle();
            await entry.Completion.Task.ConfigureAwait(false);
        }
    }

    private void Wake(TimerEntry entry, bool canceled)
    {
        lock (_gate)
        {
            if (entry.Done)
            {
                return;
            }

            entry.Done = true;
            if (entry.Blocking)
            {
                _blocked.Remove(entry);
                _active++;
            }
        }

        if (canceled)
        {
            entry.Completion.TrySetCanceled();
        }
        else
        {
            entry.Completion.TrySetResult();
        }
    }

    private void SkipIfIdle()
    {
        if (_fake is null)
        {
            return;
        }

        // One skipper at a time: the fake clock refuses to move backwards.
        lock (_skipGate)
        {
            SkipWhileIdle(_fake);
        }
    }

    private void SkipWhileIdle(FakeTimeProvider fake)
    {
        while (true)
        {
            DateTimeOffset target;
            lock (_gate)
            {
                if (_active > 0 || _blocked.Count == 0)
                {
                    return;
                }

                target = _blocked.Min(e => e.Due);
            }

            // Advancing runs the fake clock's due timers inline; each wakes its thread (taking a token) before we look again.
            if (target > fake.GetUtcNow())
            {
                fake.SetUtcNow(target);
            }
            else
            {
                // Due already but not yet fired (created after the clock passed it): wake those directly.
                List<TimerEntry> due;
                lock (_gate)
                {
                    due = _blocked.Where(e => e.Due <= fake.GetUtcNow()).ToList();
                }

                foreach (var e in due)
                {
                    Wake(e, canceled: false);
                }
            }
        }
    }

    private sealed class TimerEntry(DateTimeOffset due, bool blocking)
    {
        public DateTimeOffset Due { get; } = due;

        public bool Blocking { get; } = blocking;

        public bool Done { get; set; }

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
