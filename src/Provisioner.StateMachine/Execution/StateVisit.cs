using System.Globalization;
using System.Text.Json.Nodes;

using Provisioner.StateMachine.History;
using Provisioner.StateMachine.Payload;
using Provisioner.StateMachine.States;

namespace Provisioner.StateMachine.Execution;

/// <summary>
/// One visit of one state: emits its events (or finds them already recorded when resuming), builds
/// the context object, and waits on the engine clock.
/// </summary>
internal sealed class StateVisit(ExecutionRun run, BranchFrame frame, State state, string opKey, OpReplay replay)
{
    public ExecutionRun Run { get; } = run;

    public BranchFrame Frame { get; } = frame;

    public State State { get; } = state;

    public string OpKey { get; } = opKey;

    public OpReplay Replay { get; } = replay;

    public DateTimeOffset EnteredTime { get; set; }

    public int RetryCount { get; set; }

    public CancellationToken Cancellation => Frame.Cancellation;

    /// <summary>Records an event unless resuming already found it recorded; returns the event either way.</summary>
    public HistoryEvent Emit(string type, JsonObject? details, JsonObject? meta = null, string? opKey = null)
    {
        if (Replay.TryTake(type, out var recorded))
        {
            Frame.LastEventId = recorded.Id;
            return recorded;
        }

        var appended = Run.Journal.Append(type, Frame.LastEventId, details, opKey ?? OpKey, meta);
        Frame.LastEventId = appended.Id;
        return appended;
    }

    public PathContext Paths(JsonNode? data) => new(data, () => BuildContextObject(null), Frame.Variables, Run.Intrinsics);

    /// <summary>Paths for a Map's ItemSelector, where <c>$$.Map.Item</c> exists.</summary>
    public PathContext PathsForItem(JsonNode? data, JsonObject mapItem) => new(data, () => BuildContextObject(mapItem), Frame.Variables, Run.Intrinsics);

    /// <summary>Waits on the clock as a thread blocked on time; past the execution's deadline it ends the execution.</summary>
    public async Task WaitUntilAsync(DateTimeOffset due)
    {
        // Durability barrier: the entered event (and with it the start of the wait) is committed first.
        await Run.Journal.CommitAsync().ConfigureAwait(false);
        var deadline = Run.Deadline;
        var target = deadline is { } d && d < due ? d : due;
        await Run.Clock.DelayUntilAsync(target, blocking: true, Cancellation).ConfigureAwait(false);
        if (deadline is { } end && Run.Clock.UtcNow >= end)
        {
            Run.Stop(StopReason.TimedOut);
            Cancellation.ThrowIfCancellationRequested();
        }
    }

    public static string FormatTimestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private JsonObject BuildContextObject(JsonObject? mapItem)
    {
        var context = new JsonObject
        {
            ["Execution"] = new JsonObject
            {
                ["Id"] = Run.Identity.ExecutionArn,
                ["Input"] = Run.Input?.DeepClone(),
                ["Name"] = Run.Identity.Name,
                ["RoleArn"] = Run.Identity.RoleArn,
                ["StartTime"] = FormatTimestamp(Run.StartTime),
                ["RedriveCount"] = Run.RedriveCount,
            },
            [nameof(State)] = new JsonObject
            {
                [nameof(EnteredTime)] = FormatTimestamp(EnteredTime),
                ["Name"] = State.Name,
                [nameof(RetryCount)] = RetryCount,
            },
            ["StateMachine"] = new JsonObject
            {
                ["Id"] = Run.Identity.StateMachineArn,
                ["Name"] = Run.Identity.StateMachineName,
            },
        };
        if (mapItem is { } item)
        {
            context["Map"] = new JsonObject { ["Item"] = item.DeepClone() };
        }

        return context;
    }
}
