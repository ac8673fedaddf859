using System.Text.Json.Serialization;

namespace Provisioner.Functions.Steps;

/// <summary>What a check handler reports: ready, or not yet (poll again after <see cref="CheckResult.WaitSeconds"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CheckStatus>))]
public enum CheckStatus
{
    [JsonStringEnumMemberName("READY")]
    Ready,

    [JsonStringEnumMemberName("WAITING")]
    Waiting,
}

/// <summary>
/// The answer of a readiness check (<c>WaitAvailable.Run</c>, <c>CreateAsg.Check</c>).
/// A resource that reached a failed state is not a result: the check throws <c>Provisioner.ResourceFailed</c>.
/// </summary>
public sealed record CheckResult(CheckStatus Status, int WaitSeconds)
{
    public static CheckResult Ready { get; } = new(CheckStatus.Ready, 0);

    public static CheckResult Waiting(TimeSpan estimate) => new(CheckStatus.Waiting, WaitEstimate.Clamp(estimate));
}

/// <summary>Whether an Undo removed everything (<c>DONE</c>) or something is still going away (<c>WAITING</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UndoStatus>))]
public enum UndoStatus
{
    [JsonStringEnumMemberName("DONE")]
    Done,

    [JsonStringEnumMemberName("WAITING")]
    Waiting,
}

/// <summary>
/// The answer of an Undo. Undo is idempotent, so it is its own check: on <c>WAITING</c> the state machine
/// calls it again after <see cref="WaitSeconds"/>. <see cref="Remaining"/> says what is still there, for
/// the execution history and the rollback's error cause.
/// </summary>
public sealed record UndoResult(UndoStatus Status, int WaitSeconds, IReadOnlyList<string> Remaining)
{
    /// <summary>
    /// Set only by ScheduleLogExport's teardown: the log group is left to the log-export worker, and the teardown
    /// starts the worker with this as its input (a final export, after which the worker deletes the group).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LogExportHandOver? HandOver { get; init; }

    public static UndoResult Done { get; } = new(UndoStatus.Done, 0, []);

    public static UndoResult Waiting(TimeSpan estimate, IReadOnlyList<string> remaining) =>
        new(UndoStatus.Waiting, WaitEstimate.Clamp(estimate), remaining);

    /// <summary>Done when nothing remains, else waiting for what does.</summary>
    public static UndoResult From(IReadOnlyList<string> remaining, TimeSpan estimate) =>
        remaining.Count == 0 ? Done : Waiting(estimate, remaining);
}

/// <summary>The log-export worker's input for a teardown's final export of an environment's log group (statemachine/log-export.asl.json).</summary>
public sealed record LogExportHandOver(string EnvironmentId, int Generation, string LogGroupName, bool Final);

/// <summary>The poll interval a check or Undo suggests, kept within what a Wait state should sleep.</summary>
public static class WaitEstimate
{
    public const int MinSeconds = 5;

    /// <summary>
    /// Ten minutes: the slowest usual AMI bake, so an estimate grounded in the snapshots' progress is
    /// waited out in one sleep instead of being cut into several polls (each costs state transitions).
    /// </summary>
    public const int MaxSeconds = 600;

    public static int Clamp(TimeSpan estimate) =>
        (int)Math.Clamp(Math.Ceiling(estimate.TotalSeconds), MinSeconds, MaxSeconds);

    /// <summary>
    /// Time left until a lifecycle that typically takes <paramref name="typical"/> should be over, given
    /// how long ago it started. Once past the typical time, the polls grow with the age (a quarter of it,
    /// at least <paramref name="overdue"/>), so a lifecycle that runs long takes few polls, not many.
    /// </summary>
    public static TimeSpan Remaining(DateTimeOffset? startedAt, DateTimeOffset now, TimeSpan typical, TimeSpan overdue)
    {
        if (startedAt is null)
        {
            return overdue;
        }
        var age = now - startedAt.Value;
        var left = typical - age;
        if (left > overdue)
        {
            return left;
        }
        return age / 4 > overdue ? age / 4 : overdue;
    }
}

/// <summary>
/// The part of a provision's execution time its waits (the image, the instances) may use, counted from the
/// execution's start (<c>$$.Execution.StartTime</c>). Once it is spent the check fails with
/// <c>Provisioner.ResourceFailed</c>, so the rollback starts with its own time still left: the provision's
/// timeout (statemachine/provision.asl.json) covers this budget, the tasks' retries and the rollback's own timeout.
/// </summary>
public static class WaitBudget
{
    public const int Seconds = 3000;

    public static TimeSpan Provision { get; } = TimeSpan.FromSeconds(Seconds);

    /// <summary>
    /// <paramref name="waiting"/> cut to the budget left; a check answering for an execution started before
    /// the budget's worth of time fails instead. Without <paramref name="startedAt"/> (a call outside a provision) there is no budget.
    /// </summary>
    /// <exception cref="Provisioner.Core.Steps.StepFailedException">The budget is spent (<c>Provisioner.ResourceFailed</c>).</exception>
    public static CheckResult Within(TimeSpan waiting, DateTimeOffset? startedAt, DateTimeOffset now, string what)
    {
        if (startedAt is null)
        {
            return CheckResult.Waiting(waiting);
        }
        var left = startedAt.Value + Provision - now;
        if (left <= TimeSpan.Zero)
        {
            throw new Provisioner.Core.Steps.StepFailedException(Provisioner.Core.Steps.StepErrors.ResourceFailed,
                $"{what} within the provision's wait budget ({Seconds} s from the execution's start); rolling back while there is time to.");
        }
        return CheckResult.Waiting(waiting < left ? waiting : left);
    }
}
