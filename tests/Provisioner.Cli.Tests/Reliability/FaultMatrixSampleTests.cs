using Provisioner.Cli.Reliability;
using Provisioner.Core.Naming;

namespace Provisioner.Cli.Tests.Reliability;

/// <summary>
/// A fixed sample of the fault matrix (the whole of it is <c>bench/Provisioner.Reliability.Bench</c>, written to
/// RELIABILITY.md): one cell of each fault, spread over Runs and Undos of different steps.
/// </summary>
public sealed class FaultMatrixSampleTests
{
    public static TheoryData<string, bool, MatrixFault> Sample() => new()
    {
        { StepNames.CreateAlb, false, MatrixFault.LostResponse },
        { StepNames.CreateAmi, false, MatrixFault.CrashAfterCall },
        { StepNames.CreateAsg, false, MatrixFault.FunctionTimeout },
        { StepNames.CreateTargetGroup, false, MatrixFault.ThrottlingBurst },
        { StepNames.CreateLaunchTemplate, true, MatrixFault.ServerErrorBurst },
        { StepNames.CreateAlarms, true, MatrixFault.AwsError },
    };

    [Theory]
    [MemberData(nameof(Sample))]
    public async Task Cell_EndsFullyUpOrFullyGone_NothingDuplicatedOrStuck_NothingLeftAfterTearingDown(string step, bool undo, MatrixFault fault)
    {
        var result = await FaultMatrix.RunCellAsync(new MatrixCell(step, undo, fault), seed: 1, TestContext.Current.CancellationToken);

        Assert.True(result.Passed, FaultMatrix.Markdown([result]));
        Assert.True(result.FaultHits > 0, $"the fault never hit: {FaultMatrix.Markdown([result])}");
        Assert.Contains(result.Outcome, undo ? ["DELETED", "DELETE_FAILED"] : new[] { "READY", "ROLLED_BACK", "ROLLBACK_FAILED" });
    }

    [Fact]
    public void AllCells_EveryRunAndUndoByEveryFault()
    {
        var cells = FaultMatrix.AllCells();

        Assert.Equal((9 + 8) * Enum.GetValues<MatrixFault>().Length, cells.Count);
        Assert.Equal(cells.Count, cells.Distinct().Count());
        Assert.DoesNotContain(cells, c => c.Step == StepNames.WaitAvailable && c.Undo);
    }
}
