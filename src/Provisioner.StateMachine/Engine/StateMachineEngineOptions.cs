using Provisioner.StateMachine.Storage;

namespace Provisioner.StateMachine.Engine;

/// <summary>How an engine stores and names things.</summary>
public sealed class StateMachineEngineOptions
{
    /// <summary>The SQLite file (WAL mode) holding state machines, executions and histories; null keeps everything in memory.</summary>
    public string? DatabasePath { get; init; }

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "123456789012";

    /// <summary>Null is real time; a <see cref="Timing.VirtualClock"/> skips (or paces) the time every execution waits on.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>
    /// Called when an execution starts (RUNNING) and when it closes, before anyone waiting on it hears of the
    /// end: the local counterpart of Step Functions' "Execution Status Change" events. A failing callback
    /// never fails the execution (it is reported to <see cref="StatusChangeFailed"/>).
    /// </summary>
    public Func<ExecutionRecord, CancellationToken, Task>? StatusChanged { get; init; }

    /// <summary>Where a failing <see cref="StatusChanged"/> callback is reported; null ignores it.</summary>
    public Action<ExecutionRecord, Exception>? StatusChangeFailed { get; init; }

    /// <summary>The source of retry jitter (tests pin it).</summary>
    public Random? Jitter { get; init; }
}
