namespace Provisioner.StateMachine;

/// <summary>A task handler's deliberate failure: Error and Cause reach the state machine verbatim.</summary>
#pragma warning disable CA1032 // The issue fixes this exact shape (one constructor) for outside conformance checks.
public sealed class TaskFailedException(string error, string? cause) : Exception(cause ?? error)
#pragma warning restore CA1032
{
    public string Error { get; } = error;

    public string? Cause { get; } = cause;
}
