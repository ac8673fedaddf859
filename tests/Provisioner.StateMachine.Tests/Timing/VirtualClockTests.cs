using Microsoft.Extensions.Time.Testing;

using Provisioner.StateMachine.Timing;

namespace Provisioner.StateMachine.Tests.Timing;

public sealed class VirtualClockTests
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Waits_OnlyHoldWaiting_JumpsToTheDueTimeAtOnce()
    {
        using var clock = new VirtualClock(Start);
        var hold = clock.Hold();

        await RunAsAsync(hold, () => Task.Delay(TimeSpan.FromMinutes(10), clock.Waits, Ct));

        Assert.Equal(Start.AddMinutes(10), clock.GetUtcNow());
        Assert.Equal(1, clock.Running);
        hold.End();
        Assert.Equal(0, clock.Running);
    }

    [Fact]
    public async Task Waits_AnotherHoldRunning_TimeStandsStillUntilItWaitsToo()
    {
        using var clock = new VirtualClock(Start);
        var busy = clock.Hold();
        var waiter = clock.Hold();

        var wait = RunAsAsync(waiter, () => Task.Delay(TimeSpan.FromSeconds(30), clock.Waits, Ct));
        await UntilAsync(() => clock.PendingTimers == 1); // the wait is registered: an instant clock would have moved now

        Assert.False(wait.IsCompleted);
        Assert.Equal(Start, clock.GetUtcNow());
        busy.End();
        await wait.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(Start.AddSeconds(30), clock.GetUtcNow());
    }

    [Fact]
    public async Task CreateTimer_WatchdogOfRunningHold_DoesNotLetTimeMove()
    {
        using var clock = new VirtualClock(Start);
        var hold = clock.Hold();

        var watchdog = RunAsAsync(hold, () => Task.Delay(TimeSpan.FromSeconds(5), clock, Ct));
        await UntilAsync(() => clock.PendingTimers == 1);

        Assert.False(watchdog.IsCompleted);
        Assert.Equal(Start, clock.GetUtcNow());
        hold.Suspend(); // waiting on something else now (e.g. a task invocation): the watchdog may fire
        await watchdog.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(Start.AddSeconds(5), clock.GetUtcNow());
        Assert.Equal(1, clock.Running); // the watchdog's firing runs its owner again
    }

    [Fact]
    public async Task RunHeldAsync_WorkOutsideTheEngine_TimeStandsStillWhileItRuns_ItsWaitsMoveIt()
    {
        using var clock = new VirtualClock(Start);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = clock.RunHeldAsync(async () =>
        {
            entered.SetResult();
            await gate.Task; // real work (an HTTP call): the clock must not jump under it
            await Task.Delay(TimeSpan.FromSeconds(2), clock.Waits, Ct); // its own wait: the clock moves to it
        });
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var watchdog = Task.Delay(TimeSpan.FromSeconds(30), clock, Ct); // an attempt timeout beside the work

        Assert.Equal(1, clock.Running);
        Assert.Equal(Start, clock.GetUtcNow());
        Assert.False(watchdog.IsCompleted);
        gate.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(clock.GetUtcNow() >= Start.AddSeconds(2));
        Assert.Equal(0, clock.Running);
        await watchdog.WaitAsync(TimeSpan.FromSeconds(10), Ct); // nothing holds the clock now: it moves on
        Assert.Equal(Start.AddSeconds(30), clock.GetUtcNow());
    }

    [Fact]
    public async Task Waits_Canceled_OwnerRunsAgain()
    {
        using var clock = new VirtualClock(Start);
        var blocker = clock.Hold();
        var hold = clock.Hold();
        using var cancel = new CancellationTokenSource();

        var wait = RunAsAsync(hold, () => Task.Delay(TimeSpan.FromHours(1), clock.Waits, cancel.Token));
        await UntilAsync(() => clock.Running == 1);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(2, clock.Running);
        Assert.Equal(Start, clock.GetUtcNow());
        blocker.End();
        hold.End();
    }

    [Fact]
    public async Task Pace_Idle_TimeFlowsAtThePaceAndTimersFireOnTime()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new VirtualClock(Start, pace: 60, real: real);
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = clock.CreateTimer(_ => fired.TrySetResult(), null, TimeSpan.FromMinutes(2), Timeout.InfiniteTimeSpan);

        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Start.AddMinutes(1), clock.GetUtcNow());
        Assert.False(fired.Task.IsCompleted);

        real.Advance(TimeSpan.FromSeconds(1));
        await fired.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(Start.AddMinutes(2), clock.GetUtcNow());
    }

    [Fact]
    public void Pace_HoldRunning_FreezesTheFlow()
    {
        var real = new FakeTimeProvider(Start);
        using var clock = new VirtualClock(Start, pace: 60, real: real);
        real.Advance(TimeSpan.FromSeconds(1));
        var hold = clock.Hold();

        real.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(Start.AddMinutes(1), clock.GetUtcNow());
        hold.End();
        real.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(Start.AddMinutes(2), clock.GetUtcNow());
    }

    [Fact]
    public async Task Advance_Paused_FiresDueTimersOnly()
    {
        using var clock = new VirtualClock(Start) { Paused = true };
        var early = Task.Delay(TimeSpan.FromSeconds(10), clock, Ct);
        var late = Task.Delay(TimeSpan.FromSeconds(100), clock, Ct);
        Assert.Equal(Start, clock.GetUtcNow());

        clock.Advance(TimeSpan.FromSeconds(50));

        await early.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.False(late.IsCompleted);
        Assert.Equal(Start.AddSeconds(50), clock.GetUtcNow());
    }

    [Fact]
    public async Task SuspendUntilCanceled_OnlyWatchdogPending_ClockMovesToIt()
    {
        using var clock = new VirtualClock(Start);
        var hold = clock.Hold();
        using var timeout = new CancellationTokenSource();

        var hung = RunAsAsync(hold, async () =>
        {
            using var watchdog = clock.CreateTimer(_ => timeout.Cancel(), null, TimeSpan.FromSeconds(42), Timeout.InfiniteTimeSpan);
            await clock.SuspendUntilCanceledAsync(timeout.Token);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hung.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(Start.AddSeconds(42), clock.GetUtcNow());
    }

    [Fact]
    public void Constructor_NonPositivePace_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VirtualClock(Start, pace: 0));
    }

    /// <summary>Yields until <paramref name="condition"/> holds (no real-time sleep; bounded by the test's cancellation).</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            Ct.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }

    private static Task RunAsAsync(ClockHold hold, Func<Task> body) => Task.Run(async () =>
    {
        EngineClock.Enter(hold);
        await body();
    });
}
