namespace Provisioner.StateMachine.History;

/// <summary>Where a journal's new events go to become durable (the SQLite store); in memory there is none.</summary>
internal interface IHistorySink
{
    /// <summary>Queues the event; the returned task completes once it (and everything queued before it) is committed.</summary>
    Task Append(string executionArn, HistoryEvent historyEvent);
}
