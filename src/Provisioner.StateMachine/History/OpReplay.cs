namespace Provisioner.StateMachine.History;

/// <summary>
/// The recorded events of one state visit, consumed in order while the visit re-runs after a
/// restart: each step either finds its event here (replay, nothing re-done) or runs live.
/// </summary>
internal sealed class OpReplay
{
    public static readonly OpReplay Empty = new([]);

    private readonly List<HistoryEvent> _events;
    private int _cursor;

    public OpReplay(List<HistoryEvent> events) => _events = events;

    /// <summary>The visit's exit event if it finished before the restart: the state is skipped with this output.</summary>
    public HistoryEvent? Completed =>
        _events.Count > 0 && _events[^1].Type.EndsWith("StateExited", StringComparison.Ordinal) ? _events[^1] : null;

    public bool TryTake(string type, out HistoryEvent historyEvent)
    {
        if (_cursor < _events.Count && _events[_cursor].Type == type)
        {
            historyEvent = _events[_cursor++];
            return true;
        }

        historyEvent = null!;
        return false;
    }

    public bool TryTakeAny(out HistoryEvent historyEvent, params ReadOnlySpan<string> types)
    {
        foreach (var type in types)
        {
            if (TryTake(type, out historyEvent))
            {
                return true;
            }
        }

        historyEvent = null!;
        return false;
    }
}
