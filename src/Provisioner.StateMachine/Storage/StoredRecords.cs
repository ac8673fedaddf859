namespace Provisioner.StateMachine.Storage;

/// <summary>A state machine as stored: its definition text is kept verbatim, as DescribeStateMachine returns it.</summary>
public sealed record StateMachineRecord(
    string Arn,
    string Name,
    string Definition,
    string RoleArn,
    string Type,
    DateTimeOffset CreationDate,
    string RevisionId);

/// <summary>An execution as stored; it keeps the definition it started with (UpdateStateMachine affects only new executions).</summary>
public sealed record ExecutionRecord(
    string Arn,
    string StateMachineArn,
    string Name,
    string Status,
    string Input,
    string Definition,
    DateTimeOffset StartDate)
{
    public string? Output { get; init; }

    public string? Error { get; init; }

    public string? Cause { get; init; }

    public DateTimeOffset? StopDate { get; init; }

    public int RedriveCount { get; init; }

    public DateTimeOffset? RedriveDate { get; init; }
}
