using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Aws.StepFunctions;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Api.Workflows;

namespace Provisioner.Functions.Api.Events;

/// <summary>
/// An environment's events, read from the histories of its current generation's executions: the provision
/// (slot 0), the rollback it started (slot 1) and each teardown attempt (slot 1 + attempt). An event's id is
/// <c>&lt;slot&gt;-&lt;history event id&gt;</c>, so cursors stay valid as later executions are added.
/// </summary>
public sealed class EventsFeed(IWorkflows workflows, StepMap? steps = null)
{
    public const int PageSize = 100;

    private readonly StepMap _steps = steps ?? StepMap.Embedded;

    public static bool IsCursor(string cursor) => TryParse(cursor, out _);

    /// <summary>The events after <paramref name="cursor"/> (null: from the start), at most <see cref="PageSize"/>.</summary>
    public async Task<EventsPage> AfterAsync(EnvironmentRecord record, string? cursor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var after = cursor is not null && TryParse(cursor, out var position) ? position : (-1, -1L);
        var events = (await AllAsync(record, cancellationToken).ConfigureAwait(false))
            .Where(e => Compare(Position(e.Id), after) > 0)
            .Take(PageSize)
            .ToList();
        return new EventsPage(events, events.Count > 0 ? events[^1].Id : cursor);
    }

    /// <summary>The step running now: the latest one whose last event is <c>started</c> or <c>waiting</c>.</summary>
    public async Task<string?> CurrentStepAsync(EnvironmentRecord record, CancellationToken cancellationToken)
    {
        var last = new Dictionary<string, (int Order, string Phase)>(StringComparer.Ordinal);
        var order = 0;
        foreach (var e in await AllAsync(record, cancellationToken).ConfigureAwait(false))
        {
            last[e.Step] = (order++, e.Phase);
        }
        return last.Where(s => s.Value.Phase is EventPhase.Started or EventPhase.Waiting)
            .OrderByDescending(s => s.Value.Order)
            .Select(s => s.Key)
            .FirstOrDefault();
    }

    private async Task<List<EnvironmentEvent>> AllAsync(EnvironmentRecord record, CancellationToken cancellationToken)
    {
        var current = record.Execution;
        var provisionName = new ExecutionName(record.EnvironmentId, record.Generation, ExecutionKind.Provision, 1).ToString();
        var events = new List<EnvironmentEvent>();
        var provision = await workflows.HistoryAsync(workflows.ExecutionArn(ExecutionKind.Provision, provisionName), cancellationToken).ConfigureAwait(false);
        events.AddRange(Translate(0, provision));
        if (ChildExecutionArn(provision) is { } rollback)
        {
            events.AddRange(Translate(1, await workflows.HistoryAsync(rollback, cancellationToken).ConfigureAwait(false)));
        }
        var teardowns = current.Kind == ExecutionKind.Teardown ? current.Attempt : 0;
        for (var attempt = 1; attempt <= teardowns; attempt++)
        {
            var name = new ExecutionName(record.EnvironmentId, record.Generation, ExecutionKind.Teardown, attempt).ToString();
            events.AddRange(Translate(1 + attempt, await workflows.HistoryAsync(workflows.ExecutionArn(ExecutionKind.Teardown, name), cancellationToken).ConfigureAwait(false)));
        }
        return events;
    }

    private List<EnvironmentEvent> Translate(int slot, IReadOnlyList<HistoryEvent> history)
    {
        var stateOf = new Dictionary<long, string>();
        var lastStepInBranch = new Dictionary<string, string>(StringComparer.Ordinal);
        var events = new List<EnvironmentEvent>();
        foreach (var e in history)
        {
            var state = e.StateName ?? (e.PreviousEventId is { } previous ? stateOf.GetValueOrDefault(previous) : null);
            if (state is null)
            {
                continue;
            }
            stateOf[e.Id] = state;
            var id = string.Create(CultureInfo.InvariantCulture, $"{slot}-{e.Id}");
            if (_steps.Task(state) is { } step)
            {
                lastStepInBranch[step.Branch ?? ""] = step.Step;
                if (PhaseOf(e.Type) is { } phase)
                {
                    events.Add(new EnvironmentEvent(id, e.Timestamp, step.Step, phase, Message(step.Step, phase, e), step.Branch));
                }
            }
            else if (e.Type == "WaitStateEntered" && _steps.IsWait(state, out var branch) && lastStepInBranch.TryGetValue(branch ?? "", out var waiting))
            {
                events.Add(new EnvironmentEvent(id, e.Timestamp, waiting, EventPhase.Waiting, $"{waiting} waiting ({state})", branch));
            }
        }
        return events;
    }

    private static string? PhaseOf(string type) => type switch
    {
        "TaskStateEntered" => EventPhase.Started,
        "TaskStateExited" => EventPhase.Succeeded,
        "TaskFailed" or "TaskTimedOut" or "TaskStartFailed" or "TaskSubmitFailed" => EventPhase.Failed,
        _ => null,
    };

    private static string Message(string step, string phase, HistoryEvent e) =>
        phase == EventPhase.Failed ? $"{step} failed: {e.Error}{(e.Cause is { Length: > 0 } cause ? ": " + Shorten(cause) : "")}" : $"{step} {phase}";

    private static string Shorten(string text) => text.Length <= 500 ? text : text[..500] + "...";

    /// <summary>The rollback's execution ARN, from the output of the task that started it (<c>startExecution.sync</c>).</summary>
    private static string? ChildExecutionArn(IReadOnlyList<HistoryEvent> history)
    {
        foreach (var e in history)
        {
            if (e.Type is "TaskSubmitted" or "TaskSucceeded" or "TaskFailed" && e.Output is { Length: > 0 } output)
            {
                try
                {
                    if (JsonNode.Parse(output) is JsonObject result && result["ExecutionArn"] is JsonValue arn && arn.TryGetValue<string>(out var text))
                    {
                        return text;
                    }
                }
                catch (JsonException)
                {
                    // Not JSON: not the child's result.
                }
            }
        }
        return null;
    }

    private static (int Slot, long Id) Position(string id) => TryParse(id, out var position) ? position : (-1, -1L);

    private static bool TryParse(string cursor, out (int Slot, long Id) position)
    {
        position = default;
        var parts = cursor.Split('-');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var slot)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            position = (slot, id);
            return true;
        }
        return false;
    }

    private static int Compare((int Slot, long Id) a, (int Slot, long Id) b) =>
        a.Slot != b.Slot ? a.Slot.CompareTo(b.Slot) : a.Id.CompareTo(b.Id);
}
