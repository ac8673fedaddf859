namespace Provisioner.Aws.StepFunctions;

public sealed record CreateStateMachineRequest
{
    public required string Name { get; init; }
    /// <summary>The ASL JSON text.</summary>
    public required string Definition { get; init; }
    public required string RoleArn { get; init; }
    /// <summary><c>STANDARD</c> | <c>EXPRESS</c>.</summary>
    public string? Type { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record CreateStateMachineResponse(string StateMachineArn, DateTimeOffset CreationDate);

/// <summary>Null members are left unchanged.</summary>
public sealed record UpdateStateMachineRequest
{
    public required string StateMachineArn { get; init; }
    public string? Definition { get; init; }
    public string? RoleArn { get; init; }
}

public sealed record StateMachineDescription(
    string StateMachineArn,
    string Name,
    string? Status,
    string Definition,
    string RoleArn,
    string? Type,
    DateTimeOffset? CreationDate);

public sealed record StartExecutionRequest
{
    public required string StateMachineArn { get; init; }
    /// <summary>Execution name (the idempotency key); null lets the service pick a UUID.</summary>
    public string? Name { get; init; }
    /// <summary>Input JSON text.</summary>
    public string? Input { get; init; }
}

public sealed record StartExecutionResponse(string ExecutionArn, DateTimeOffset StartDate);

/// <summary>Execution status values.</summary>
public static class ExecutionStatus
{
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string TimedOut = "TIMED_OUT";
    public const string Aborted = "ABORTED";
    public const string PendingRedrive = "PENDING_REDRIVE";
}

public sealed record ExecutionDescription(
    string ExecutionArn,
    string StateMachineArn,
    string? Name,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate,
    string? Input,
    string? Output,
    string? Error,
    string? Cause,
    int? RedriveCount,
    string? RedriveStatus);

public sealed record ListExecutionsRequest
{
    public required string StateMachineArn { get; init; }
    /// <summary>One of <see cref="ExecutionStatus"/>; null for all.</summary>
    public string? StatusFilter { get; init; }
    public int? MaxResults { get; init; }
    public string? NextToken { get; init; }
}

public sealed record ExecutionListItem(
    string ExecutionArn,
    string StateMachineArn,
    string Name,
    string Status,
    DateTimeOffset StartDate,
    DateTimeOffset? StopDate);

public sealed record ListExecutionsResponse(IReadOnlyList<ExecutionListItem> Executions, string? NextToken);

public sealed record GetExecutionHistoryRequest
{
    public required string ExecutionArn { get; init; }
    public int? MaxResults { get; init; }
    public bool? ReverseOrder { get; init; }
    public string? NextToken { get; init; }
}

/// <summary>
/// One history event. AWS puts the details in a type-specific member (<c>stateEnteredEventDetails</c>,
/// <c>taskFailedEventDetails</c>, ...); the ones Provisioner shows are lifted into the flat fields here,
/// whichever member they came from.
/// </summary>
public sealed record HistoryEvent(
    long Id,
    long? PreviousEventId,
    DateTimeOffset Timestamp,
    string Type,
    string? StateName,
    string? Input,
    string? Output,
    string? Error,
    string? Cause,
    string? Resource);

public sealed record GetExecutionHistoryResponse(IReadOnlyList<HistoryEvent> Events, string? NextToken);
