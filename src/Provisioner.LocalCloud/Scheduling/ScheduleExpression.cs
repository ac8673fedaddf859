using System.Globalization;
using System.Text.RegularExpressions;

namespace Provisioner.LocalCloud.Scheduling;

/// <summary>
/// An EventBridge Scheduler schedule expression, parsed once: <c>at(yyyy-mm-ddThh:mm:ss)</c> (one time, a
/// wall-clock time in the schedule's zone), <c>rate(value unit)</c> (fixed durations from the schedule's
/// start: a day is 24 hours even across a daylight-saving change) or <c>cron(...)</c> (<see cref="CronExpression"/>).
/// https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
/// </summary>
public abstract partial class ScheduleExpression
{
    private ScheduleExpression(string text) => Text = text;

    public string Text { get; }

    /// <summary>True for <c>at()</c>: it has one occurrence.</summary>
    public abstract bool IsOneTime { get; }

    /// <summary>
    /// The first occurrence strictly after <paramref name="after"/> in <paramref name="zone"/>, or null when none is left.
    /// <paramref name="anchor"/> is where a rate counts from (the StartDate, else when the schedule began).
    /// </summary>
    public abstract DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone, DateTimeOffset anchor);

    [GeneratedRegex("^at\\(([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2})\\)$", RegexOptions.CultureInvariant)]
    private static partial Regex AtPattern();

    [GeneratedRegex("^rate\\(([0-9]+) (minute|minutes|hour|hours|day|days)\\)$", RegexOptions.CultureInvariant)]
    private static partial Regex RatePattern();

    [GeneratedRegex("^cron\\((.*)\\)$", RegexOptions.CultureInvariant)]
    private static partial Regex CronPattern();

    /// <summary>Throws <see cref="ScheduleExpressionException"/> for anything Scheduler refuses.</summary>
    public static ScheduleExpression Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (AtPattern().Match(expression) is { Success: true } at)
        {
            if (!DateTime.TryParseExact(at.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
            {
                throw new ScheduleExpressionException($"at() time '{at.Groups[1].Value}' is not a real date and time.");
            }
            return new At(expression, wall);
        }
        if (RatePattern().Match(expression) is { Success: true } rate)
        {
            if (!int.TryParse(rate.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                throw new ScheduleExpressionException("rate value must be a positive whole number.");
            }
            var unit = rate.Groups[2].Value;
            if ((value == 1) == unit.EndsWith('s'))
            {
                throw new ScheduleExpressionException(value == 1 ? $"rate(1 {unit}) must use the singular unit." : $"rate({value} {unit}) must use the plural unit.");
            }
            var period = unit.TrimEnd('s') switch
            {
                "minute" => TimeSpan.FromMinutes(value),
                "hour" => TimeSpan.FromHours(value),
                _ => TimeSpan.FromDays(value),
            };
            return new Rate(expression, period);
        }
        if (CronPattern().Match(expression) is { Success: true } cron)
        {
            return new Cron(expression, CronExpression.Parse(cron.Groups[1].Value));
        }
        throw new ScheduleExpressionException($"'{expression}' must be at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(minutes hours day-of-month month day-of-week year).");
    }

    /// <summary>An IANA zone id (null or empty: UTC); throws <see cref="ScheduleExpressionException"/> for an unknown one.</summary>
    public static TimeZoneInfo Zone(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return TimeZoneInfo.Utc;
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ScheduleExpressionException($"'{id}' is not a known IANA time zone.");
        }
    }

    private sealed class At(string text, DateTime wall) : ScheduleExpression(text)
    {
        public override bool IsOneTime => true;

        public override DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone, DateTimeOffset anchor)
        {
            // A wall time the spring-forward skips is taken at the offset before the change (it lands an hour later on the clock).
            var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max()
                : zone.IsInvalidTime(wall) ? zone.GetUtcOffset(wall.AddHours(-3)) : zone.GetUtcOffset(wall);
            var instant = new DateTimeOffset(wall, offset);
            return instant > after ? instant : null;
        }
    }

    private sealed class Rate(string text, TimeSpan period) : ScheduleExpression(text)
    {
        public override bool IsOneTime => false;

        public TimeSpan Period { get; } = period;

        public override DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone, DateTimeOffset anchor)
        {
            if (after < anchor)
            {
                return anchor;
            }
            var periods = (after - anchor).Ticks / Period.Ticks + 1;
            return anchor + TimeSpan.FromTicks(periods * Period.Ticks);
        }
    }

    private sealed class Cron(string text, CronExpression cron) : ScheduleExpression(text)
    {
        public override bool IsOneTime => false;

        public override DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone, DateTimeOffset anchor) => cron.NextAfter(after, zone);
    }
}
