namespace Provisioner.Aws.Scheduler;

/// <summary>Mode <c>OFF</c>, or <c>FLEXIBLE</c> with a maximum window (1-1440 minutes).</summary>
public sealed record FlexibleTimeWindow(string Mode, int? MaximumWindowInMinutes = null)
{
    public static FlexibleTimeWindow Off { get; } = new("OFF");

    public static FlexibleTimeWindow Flexible(int maximumWindowInMinutes) => new("FLEXIBLE", maximumWindowInMinutes);
}

/// <summary>The target: an ARN (e.g. a state machine: Scheduler calls StartExecution), the role Scheduler assumes, and the input JSON.</summary>
public sealed record ScheduleTarget(string Arn, string RoleArn, string? Input = null, int? MaximumRetryAttempts = null, int? MaximumEventAgeInSeconds = null);

/// <summary>CreateSchedule / UpdateSchedule input.</summary>
public sealed record ScheduleRequest
{
    public required string Name { get; init; }
    public string? GroupName { get; init; }
    /// <summary><c>rate(1 day)</c>, <c>cron(...)</c> or <c>at(...)</c>.</summary>
    public required string ScheduleExpression { get; init; }
    public string? ScheduleExpressionTimezone { get; init; }
    public required FlexibleTimeWindow FlexibleTimeWindow { get; init; }
    public required ScheduleTarget Target { get; init; }
    /// <summary><c>ENABLED</c> | <c>DISABLED</c>.</summary>
    public string? State { get; init; }
    public string? Description { get; init; }
    /// <summary><c>NONE</c> | <c>DELETE</c>.</summary>
    public string? ActionAfterCompletion { get; init; }
    public string? ClientToken { get; init; }
}

public sealed record Schedule(
    string Arn,
    string Name,
    string? GroupName,
    string ScheduleExpression,
    string? ScheduleExpressionTimezone,
    string? State,
    string? Description,
    FlexibleTimeWindow? FlexibleTimeWindow,
    ScheduleTarget? Target,
    DateTimeOffset? CreationDate,
    DateTimeOffset? LastModificationDate);

public sealed record ListSchedulesRequest
{
    public string? NamePrefix { get; init; }
    public string? GroupName { get; init; }
    public string? State { get; init; }
    public string? NextToken { get; init; }
    public int? MaxResults { get; init; }
}

public sealed record ScheduleSummary(string Arn, string Name, string? GroupName, string? State, string? TargetArn);

public sealed record ListSchedulesResponse(IReadOnlyList<ScheduleSummary> Schedules, string? NextToken);
