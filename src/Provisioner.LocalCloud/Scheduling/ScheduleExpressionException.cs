namespace Provisioner.LocalCloud.Scheduling;

/// <summary>A schedule expression or time zone EventBridge Scheduler refuses (its ValidationException).</summary>
public sealed class ScheduleExpressionException(string message) : FormatException(message);
