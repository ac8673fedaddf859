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
    public static UndoResult Done { get; } = new(UndoStatus.Done, 0, []);

    public static UndoResult Waiting(TimeSpan estimate, IReadOnlyList<string> remaining) =>
        new(UndoStatus.Waiting, WaitEstimate.Clamp(estimate), remaining);

    /// <summary>Done when nothing remains, else waiting for what does.</summary>
    public static UndoResult From(IReadOnlyList<string> remaining, TimeSpan estimate) =>
        remaining.Count == 0 ? Done : Waiting(estimate, remaining);
}

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
