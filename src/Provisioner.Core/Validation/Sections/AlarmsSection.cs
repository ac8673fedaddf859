using Provisioner.Core.Spec;
using Provisioner.Core.Validation.Rules;

namespace Provisioner.Core.Validation.Sections;

/// <summary><c>/alarms</c>: the CPU alarm's threshold and periods, and who is told.</summary>
internal static class AlarmsSection
{
    public static AlarmsSpec Read(JsonObjectView doc) => doc.Section("alarms", ReadAlarms, new AlarmsSpec());

    private static AlarmsSpec ReadAlarms(JsonObjectView alarms)
    {
        var defaults = new AlarmsSpec();
        alarms.Int("cpuHighPercent", defaults.CpuHighPercent, 1, 100, "percent", out var cpuHigh);
        alarms.Int("evaluationPeriods", defaults.EvaluationPeriods, 1, 100, "periods of one minute", out var periods);
        alarms.Array("notifyEmails", out var emailNodes);
        List<string> emails = [];
        if (emailNodes is not null)
        {
            if (emailNodes.Count > 10)
            {
                alarms.Error("notifyEmails", null, "must list at most 10 addresses");
            }
            alarms.DistinctStrings("notifyEmails", emailNodes, EmailAddress.IsValid, "must be an e-mail address such as ops@example.com",
                StringComparer.OrdinalIgnoreCase, _ => "is listed twice", out emails);
        }
        return new AlarmsSpec { CpuHighPercent = cpuHigh, EvaluationPeriods = periods, NotifyEmails = emails };
    }
}
