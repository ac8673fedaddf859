namespace Provisioner.StateMachine.History;

/// <summary>Where a journal's new events go to become durable (the SQLite store); in memory there is none.</summary>
internal interface IHistorySink
{
    /// <summary>Queues the events; the returned task completes once they (and everything queued before them) are committed.</summary>
    Task Append(string executionArn, IReadOnlyList<HistoryEvent> events);
}
