using Provisioner.Core.Naming;

namespace Provisioner.Cli.Demo;

/// <summary>What <c>provisioner demo</c> was asked to do.</summary>
/// <param name="TimeScale">Simulated seconds per real second (60: a 4-minute AMI takes 4 s).</param>
/// <param name="Seed">Seeds the latency model, so a run can be repeated.</param>
/// <param name="FailAt">A step whose Run fails (non-retryable), to show the rollback.</param>
/// <param name="FailUndo">A step whose Undo fails, to show a rollback or teardown that cannot finish.</param>
/// <param name="Keep">Leave the environment up (no teardown) and LocalCloud running until Ctrl+C.</param>
/// <param name="VirtualTime">
/// Run on a virtual clock instead of a scaled one: simulated time jumps whenever every workflow thread waits,
/// so a run takes only the machine's time and API calls take no simulated time (tests, benchmarks).
/// </param>
public sealed record DemoOptions(
    bool Json = false,
    string? FailAt = null,
    string? FailUndo = null,
    double TimeScale = DemoOptions.DefaultTimeScale,
    int Seed = DemoOptions.DefaultSeed,
    bool Keep = false,
    bool VirtualTime = false)
{
    public const double DefaultTimeScale = 60;
    public const double MaxTimeScale = 10_000;
    public const int DefaultSeed = 1;

    /// <summary>Steps that create something, so have an Undo.</summary>
    public static IReadOnlyList<string> UndoableSteps { get; } =
        StepNames.All.Where(s => s != StepNames.WaitAvailable).ToArray();

    /// <summary>Every problem with the options, each naming the option and the rule; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (FailAt is not null && !StepNames.All.Contains(FailAt, StringComparer.Ordinal))
        {
            problems.Add($"--fail-at: must be one of the nine steps ({string.Join(", ", StepNames.All)}) (got '{FailAt}')");
        }
        if (FailUndo is not null && !UndoableSteps.Contains(FailUndo, StringComparer.Ordinal))
        {
            problems.Add($"--fail-undo: must be a step that has an Undo ({string.Join(", ", UndoableSteps)}) (got '{FailUndo}')");
        }
        if (!double.IsFinite(TimeScale) || TimeScale < 1 || TimeScale > MaxTimeScale)
        {
            problems.Add($"--time-scale: must be a number from 1 to {MaxTimeScale:0} (got {TimeScale})");
        }
        if (Keep && FailAt is not null)
        {
            problems.Add("--keep: cannot be combined with --fail-at (a failed run rolls back, so there is nothing to keep)");
        }
        return problems;
    }
}
