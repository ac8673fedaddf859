using Microsoft.Extensions.Time.Testing;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions.Tests.Steps;

public sealed class InFlightRunsTests
{
    private static readonly DateTimeOffset TeardownStart = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan FunctionTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WaitOut_NothingLeftBeforeTheLastRunCanHaveEnded_WaitsForTheRest()
    {
        var time = new FakeTimeProvider(TeardownStart.AddSeconds(5));
        var undo = InFlightRuns.WaitOut("CreateAmi", time, FunctionTimeout, Recording(UndoResult.Done, out var calls));

        var result = await undo(new UndoInput(new UndoTarget("shop-dev"), TeardownStart), TestContext.Current.CancellationToken);

        Assert.Single(calls);
        Assert.Equal(UndoStatus.Waiting, result.Status);
        Assert.Equal(55, result.WaitSeconds);
        Assert.Contains("CreateAmi", Assert.Single(result.Remaining), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitOut_APassThatBeganOnceNoRunCouldCreate_IsDone()
    {
        var time = new FakeTimeProvider(TeardownStart + FunctionTimeout);
        var undo = InFlightRuns.WaitOut("CreateAmi", time, FunctionTimeout, Recording(UndoResult.Done, out _));

        var result = await undo(new UndoInput(new UndoTarget("shop-dev"), TeardownStart), TestContext.Current.CancellationToken);

        Assert.Same(UndoResult.Done, result);
    }

    [Fact]
    public async Task WaitOut_APassThatEndedAfterTheBound_ButBeganBefore_LooksOnceMore()
    {
        // A resource a late Run made while the pass ran may have been missed by it.
        var time = new FakeTimeProvider(TeardownStart.AddSeconds(59));
        var undo = InFlightRuns.WaitOut("CreateAmi", time, FunctionTimeout, async (_, _) =>
        {
            time.Advance(TimeSpan.FromSeconds(3));
            await Task.CompletedTask;
            return UndoResult.Done;
        });

        var result = await undo(new UndoInput(new UndoTarget("shop-dev"), TeardownStart), TestContext.Current.CancellationToken);

        Assert.Equal(UndoStatus.Waiting, result.Status);
        Assert.Equal(WaitEstimate.MinSeconds, result.WaitSeconds);
    }

    [Fact]
    public async Task WaitOut_WaitingForItsOwnResources_OrCalledByHand_AnswersAsTheUndo()
    {
        var time = new FakeTimeProvider(TeardownStart.AddSeconds(5));
        var waiting = UndoResult.Waiting(TimeSpan.FromSeconds(15), ["snapshot snap-1 (still in use)"]);

        var stillGoing = await InFlightRuns.WaitOut("CreateAmi", time, FunctionTimeout, Recording(waiting, out _))(
            new UndoInput(new UndoTarget("shop-dev"), TeardownStart), TestContext.Current.CancellationToken);
        var byHand = await InFlightRuns.WaitOut("CreateAmi", time, FunctionTimeout, Recording(UndoResult.Done, out _))(
            new UndoInput(new UndoTarget("shop-dev")), TestContext.Current.CancellationToken);

        Assert.Same(waiting, stillGoing);
        Assert.Same(UndoResult.Done, byHand);
    }

    private static Func<UndoInput, CancellationToken, Task<UndoResult>> Recording(UndoResult result, out List<UndoInput> calls)
    {
        var recorded = new List<UndoInput>();
        calls = recorded;
        return (input, _) =>
        {
            recorded.Add(input);
            return Task.FromResult(result);
        };
    }
}
