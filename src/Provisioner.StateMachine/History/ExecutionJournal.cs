using System.Text.Json.Nodes;

namespace Provisioner.StateMachine.History;

/// <summary>
/// The append-only history of one execution. New events get consecutive ids and go to the
/// durable sink (if any) in batches: at every durability barrier (<see cref="CommitAsync"/>: before
/// a task starts, before a wait, at the end), after a task's outcome, or every
/// <see cref="FlushThreshold"/> events. Events loaded from a previous run are indexed per state
/// visit for replay. Losing an unflushed tail in a crash only re-runs transitions that no task saw.
/// </summary>
internal sealed class ExecutionJournal
{
    private readonly Lock _gate = new();
    private readonly string _executionArn;
    private readonly TimeProvider _time;
    private readonly IHistorySink? _sink;
    private readonly List<HistoryEvent>? _retained;
    private readonly Dictionary<string, List<HistoryEvent>> _replay = new(StringComparer.Ordinal);
    private List<HistoryEvent> _unflushed = [];
    private long _lastId;
    private Task _lastCommit = Task.CompletedTask;

    /// <param name="prior">The history so far (resume or redrive); empty for a new execution.</param>
    /// <param name="retain">Keep every event in memory (the in-memory runner and tests); the durable engine does not.</param>
    public ExecutionJournal(string executionArn, TimeProvider time, IHistorySink? sink, bool retain, IReadOnlyList<HistoryEvent> prior)
    {
        _executionArn = executionArn;
        _time = time;
        _sink = sink;
        _retained = retain ? [.. prior] : null;
        _lastId = prior.Count == 0 ? 0 : prior[^1].Id;
        IndexForReplay(prior);
    }

    public IReadOnlyList<HistoryEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _retained is null ? [] : [.. _retained];
            }
        }
    }

    public long LastEventId
    {
        get
        {
            lock (_gate)
            {
                return _lastId;
            }
        }
    }

    public const int FlushThreshold = 64;

    public HistoryEvent Append(string type, long previousEventId, JsonObject? details, string? opKey = null, JsonObject? meta = null)
    {
        lock (_gate)
        {
            var historyEvent = new HistoryEvent(++_lastId, previousEventId, _time.GetUtcNow(), type, details, opKey, meta);
            _retained?.Add(historyEvent);
            if (_sink is not null)
            {
                _unflushed.Add(historyEvent);
                if (_unflushed.Count >= FlushThreshold)
                {
                    FlushLocked();
                }
            }

            return historyEvent;
        }
    }

    /// <summary>Completes once every event appended so far is durable: called before a task starts and at the end.</summary>
    public Task CommitAsync()
    {
        lock (_gate)
        {
            FlushLocked();
            return _lastCommit;
        }
    }

    /// <summary>Hands buffered events to the sink without waiting for the commit.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (_sink is null || _unflushed.Count == 0)
        {
            return;
        }

        _lastCommit = _sink.Append(_executionArn, _unflushed);
        _unflushed = [];
    }

    public OpReplay ReplayFor(string opKey)
    {
        lock (_gate)
        {
            return _replay.Remove(opKey, out var events) ? new OpReplay(events) : OpReplay.Empty;
        }
    }

    /// <summary>
    /// Events since the last redrive replay as they are; from earlier attempts of the execution only
    /// state visits that finished are kept, so a redrive re-runs exactly what failed.
    /// </summary>
    private void IndexForReplay(IReadOnlyList<HistoryEvent> prior)
    {
        var lastRedrive = -1;
        for (var i = 0; i < prior.Count; i++)
        {
            if (prior[i].Type == HistoryEventTypes.ExecutionRedriven)
            {
                lastRedrive = i;
            }
        }

        var earlier = new Dictionary<string, List<HistoryEvent>>(StringComparer.Ordinal);
        for (var i = 0; i < prior.Count; i++)
        {
            var e = prior[i];
            if (e.OpKey is null)
            {
                continue;
            }

            var target = i > lastRedrive ? _replay : earlier;
            if (!target.TryGetValue(e.OpKey, out var list))
            {
                target[e.OpKey] = list = [];
            }

            list.Add(e);
        }

        foreach (var (opKey, events) in earlier)
        {
            if (events[^1].Type.EndsWith("StateExited", StringComparison.Ordinal) && !_replay.ContainsKey(opKey))
            {
                _replay[opKey] = [events[^1]];
            }
        }
    }
}
