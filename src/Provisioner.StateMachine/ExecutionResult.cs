namespace Provisioner.StateMachine;

/// <summary>The end of one execution: Status is SUCCEEDED, FAILED, TIMED_OUT or ABORTED.</summary>
public sealed record ExecutionResult(string Status, string? OutputJson, string? Error, string? Cause);
