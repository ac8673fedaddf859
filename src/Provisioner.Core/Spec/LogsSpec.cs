namespace Provisioner.Core.Spec;

public sealed record LogsSpec
{
    public int RetentionDays { get; init; } = 14;

    /// <summary>An EventBridge Scheduler expression: <c>rate(...)</c> or <c>cron(...)</c>.</summary>
    public string ExportSchedule { get; init; } = "rate(1 day)";
}
