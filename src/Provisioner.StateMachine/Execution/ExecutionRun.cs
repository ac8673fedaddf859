using System.Text.Json.Nodes;

using Provisioner.StateMachine.History;
using Provisioner.StateMachine.Intrinsics;
using Provisioner.StateMachine.Timing;

namespace Provisioner.StateMachine.Execution;

/// <summary>Why an execution's cancellation fired.</summary>
internal enum StopReason
{
    None,
    Aborted,
    TimedOut,

    /// <summary>The engine is shutting down: record nothing, the execution stays RUNNING and resumes on restart.</summary>
    Shutdown,
}

/// <summary>Everything one running execution shares across its states and branches.</summary>
internal sealed class ExecutionRun : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly CancellationTokenRegistration _external;

    public ExecutionRun(
        ExecutionIdentity identity,
        JsonNode? input,
        DateTimeOffset startTime,
        ExecutionJournal journal,
        EngineClock clock,
        ITaskInvoker invoker,
        CancellationToken cancellation)
    {
        Identity = identity;
        Input = input;
        StartTime = startTime;
        Journal = journal;
        Clock = clock;
        Invoker = invoker;
        _external = cancellation.Register(() => Stop(StopReason.Aborted));
    }

    public ExecutionIdentity Identity { get; }

    public JsonNode? Input { get; }

    public DateTimeOffset StartTime { get; }

    public ExecutionJournal Journal { get; }

    public EngineClock Clock { get; }

    public ITaskInvoker Invoker { get; }

    /// <summary>Start time + the definition's TimeoutSeconds, if any.</summary>
    public DateTimeOffset? Deadline { get; init; }

    public int RedriveCount { get; init; }

    public string Region { get; init; } = "us-east-1";

    public IntrinsicEnvironment Intrinsics { get; init; } = IntrinsicEnvironment.Default;

    /// <summary>The source of FULL jitter in retry back-off.</summary>
    public Random Jitter { get; init; } = Random.Shared;

    /// <summary>Runs <c>states:startExecution.sync</c> tasks on the same engine; null outside an engine (they go to the invoker).</summary>
    public IChildExecutionLauncher? Children { get; init; }

    public CancellationToken Cancellation => _stop.Token;

    /// <summary>
    /// Cancelled only when the engine shuts down. A Lambda invocation runs on this token, not on
    /// <see cref="Cancellation"/>: as on AWS, stopping an execution (or the Parallel state around a branch)
    /// stops waiting for the function, not the function itself.
    /// </summary>
    public CancellationToken Shutdown => _shutdown.Token;

    public StopReason StopReason { get; private set; }

    /// <summary>The error StopExecution gave (ABORTED executions report it).</summary>
    public string? StopError { get; private set; }

    public string? StopCause { get; private set; }

    public void Stop(StopReason reason, string? error = null, string? cause = null)
    {
        lock (_stop)
        {
            if (StopReason == StopReason.None)
            {
                StopReason = reason;
                StopError = error;
                StopCause = cause;
            }
        }

        try
        {
            if (reason == StopReason.Shutdown)
            {
                _shutdown.Cancel();
            }
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The execution already ended.
        }
    }

    public void Dispose()
    {
        _external.Dispose();
        _stop.Dispose();
        // _shutdown is not disposed: a function still running after the execution ended holds its token
        // (a source without a timer holds nothing that needs disposing).
    }
}
