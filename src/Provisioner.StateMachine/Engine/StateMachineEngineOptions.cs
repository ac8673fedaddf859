namespace Provisioner.StateMachine.Engine;

/// <summary>How an engine stores and names things.</summary>
public sealed class StateMachineEngineOptions
{
    /// <summary>The SQLite file (WAL mode) holding state machines, executions and histories; null keeps everything in memory.</summary>
    public string? DatabasePath { get; init; }

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "123456789012";

    /// <summary>Null is real time; a FakeTimeProvider skips idle waits.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>The source of retry jitter (tests pin it).</summary>
    public Random? Jitter { get; init; }
}
