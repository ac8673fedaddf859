using Provisioner.Core.Spec;
using Provisioner.Core.Validation.Rules;

namespace Provisioner.Core.Validation.Sections;

/// <summary><c>/hours</c>, office hours: sleep and wake both required, both <c>cron(...)</c>, not the same, in an IANA zone.</summary>
internal static class HoursSection
{
    public static HoursSpec? Read(JsonObjectView doc) => doc.Section("hours", ReadHours, null);

    private static HoursSpec? ReadHours(JsonObjectView hours)
    {
        var sleep = ReadCron(hours, "sleep");
        var wake = ReadCron(hours, "wake");
        string? timezone = null;
        if (hours.Require("timezone") && hours.String("timezone", out var zone) && zone is not null)
        {
            if (IanaTimeZone.IsValid(zone))
            {
                timezone = zone;
            }
            else
            {
                hours.Error("timezone", zone, IanaTimeZone.Rule);
            }
        }
        if (sleep is not null && wake is not null && string.Equals(Normalize(sleep), Normalize(wake), StringComparison.OrdinalIgnoreCase))
        {
            hours.Error("wake", wake, "must differ from sleep: the same time would sleep and wake at once");
            return null;
        }
        return sleep is null || wake is null || timezone is null ? null : new HoursSpec { Sleep = sleep, Wake = wake, Timezone = timezone };

        static string Normalize(string cron) => string.Join(' ', cron.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string? ReadCron(JsonObjectView hours, string name)
    {
        if (!hours.Require(name) || !hours.String(name, out var expression) || expression is null)
        {
            return null;
        }
        var why = expression.StartsWith("cron(", StringComparison.Ordinal)
            ? ScheduleExpression.Check(expression)
            : "must be cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>): office hours are times of day";
        if (why is not null)
        {
            hours.Error(name, expression, why);
            return null;
        }
        return expression;
    }
}
