using Provisioner.Core.Spec;
using Provisioner.Core.Validation.Rules;

namespace Provisioner.Core.Validation.Sections;

/// <summary><c>/logs</c>: the log group's retention and the export schedule (the bucket is the deployment's).</summary>
internal static class LogsSection
{
    private static readonly Dictionary<string, string> Explained = new(StringComparer.Ordinal)
    {
        ["exportBucket"] = EnvironmentSpecValidator.ExportBucketRule,
    };

    public static LogsSpec Read(JsonObjectView doc) => doc.Section("logs", ReadLogs, new LogsSpec(), explained: Explained);

    private static LogsSpec ReadLogs(JsonObjectView logs)
    {
        var defaults = new LogsSpec();
        var retention = defaults.RetentionDays;
        if (logs.Int("retentionDays", defaults.RetentionDays, 1, 3653, "days", out var days))
        {
            if (LogRetention.AllowedDays.Contains(days))
            {
                retention = days;
            }
            else
            {
                logs.Error("retentionDays", days, "must be one of the periods CloudWatch Logs allows: " + string.Join(", ", LogRetention.AllowedDays));
            }
        }
        logs.String("exportSchedule", out var schedule);
        if (schedule is not null && ScheduleExpression.Check(schedule) is { } why)
        {
            logs.Error("exportSchedule", schedule, why);
        }
        return new LogsSpec { RetentionDays = retention, ExportSchedule = schedule ?? defaults.ExportSchedule };
    }
}
