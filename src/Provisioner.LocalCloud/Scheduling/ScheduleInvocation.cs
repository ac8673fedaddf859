namespace Provisioner.LocalCloud.Scheduling;

/// <summary>
/// One call of a schedule's target, as EventBridge Scheduler makes it: the target ARN, the role it assumes,
/// and the target's Input with Scheduler's context attributes (<c>&lt;aws.scheduler.schedule-arn&gt;</c>,
/// <c>&lt;aws.scheduler.scheduled-time&gt;</c>, <c>&lt;aws.scheduler.execution-id&gt;</c>,
/// <c>&lt;aws.scheduler.attempt-number&gt;</c>) substituted.
/// </summary>
public sealed record ScheduleInvocation(string GroupName, string ScheduleName, string TargetArn, string? RoleArn, string Input, DateTimeOffset ScheduledTime);

/// <summary>Calls one kind of target. A throw is a failed attempt (retried per the target's RetryPolicy).</summary>
public delegate Task ScheduleTargetHandler(ScheduleInvocation invocation, CancellationToken cancellationToken);
