namespace Provisioner.StateMachine.Timing;

/// <summary>
/// All engine time goes through here. On a <see cref="VirtualClock"/> every logical thread of an
/// execution and every task invocation holds the clock (see <see cref="ClockHold"/>), so the clock skips
/// exactly when all of them wait on time; on any other <see cref="TimeProvider"/> (the system clock, a
/// test's hand-moved clock) waits are plain timers and holds are nothing.
/// </summary>
internal sealed class EngineClock
{
    public EngineClock(TimeProvider? time)
    {
        Time = time ?? TimeProvider.System;
        Virtual = Time as VirtualClock;
    }

    public TimeProvider Time { get; }

    /// <summary>The virtual clock, when the engine runs on one.</summary>
    public VirtualClock? Virtual { get; }

    public DateTimeOffset UtcNow => Time.GetUtcNow();

    /// <summary>The hold of the calling flow (null off a virtual clock, or outside every hold).</summary>
    public ClockHold? Current => Virtual?.Current;

    /// <summary>A new running hold for a logical thread that is about to start.</summary>
    public ClockHold? Hold() => Virtual?.Hold();

    /// <summary>Runs the calling flow (and what it starts) as <paramref name="hold"/>.</summary>
    public static void Enter(ClockHold? hold)
    {
        if (hold is not null)
        {
            VirtualClock.Enter(hold);
        }
    }

    /// <summary>
    /// Waits until <paramref name="due"/>. A blocking wait is the calling thread waiting on time (a Wait
    /// state, a retry back-off); a non-blocking one is a watchdog next to running work (a timeout).
    /// </summary>
    public Task DelayUntilAsync(DateTimeOffset due, bool blocking, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Virtual is { } clock)
        {
            return blocking ? clock.WaitUntilAsync(due, cancellationToken) : clock.WatchUntilAsync(due, cancellationToken);
        }

        var delay = due - Time.GetUtcNow();
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, Time, cancellationToken);
    }
}
