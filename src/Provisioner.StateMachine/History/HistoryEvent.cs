using System.Text.Json.Nodes;

namespace Provisioner.StateMachine.History;

/// <summary>
/// One entry of an execution's append-only history, shaped like GetExecutionHistory's
/// HistoryEvent: <see cref="Details"/> is the object under <see cref="HistoryEventTypes.DetailsMember"/>.
/// </summary>
/// <param name="OpKey">Engine-only: which state visit (scope/step) the event belongs to, so a restarted engine can replay it.</param>
/// <param name="Meta">Engine-only data needed to resume (the next state, a retry's due time); never shown through the API.</param>
public sealed record HistoryEvent(
    long Id,
    long PreviousEventId,
    DateTimeOffset Timestamp,
    string Type,
    JsonObject? Details,
    string? OpKey = null,
    JsonObject? Meta = null)
{
    /// <summary>Engine bookkeeping events (their type starts with '$') are stored but hidden from GetExecutionHistory.</summary>
    public bool IsInternal => Type.StartsWith('$');
}
