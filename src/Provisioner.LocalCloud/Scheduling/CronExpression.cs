using System.Globalization;

namespace Provisioner.LocalCloud.Scheduling;

/// <summary>
/// AWS's six-field cron (<c>minutes hours day-of-month month day-of-week year</c>) as EventBridge Scheduler
/// evaluates it: day-of-week 1-7 is SUN-SAT, exactly one of day-of-month and day-of-week is <c>?</c>,
/// <c>L</c> and <c>W</c> (and <c>LW</c>) in day-of-month, <c>L</c>, <c>nL</c> and <c>n#k</c> in day-of-week,
/// years 1970-2199. Times are wall-clock times in the schedule's zone: a time the spring-forward skips does
/// not occur, and a time the fall-back repeats occurs once (its first instant).
/// https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
/// </summary>
public sealed class CronExpression
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _months;
    private readonly bool[] _years;
    private readonly DayRule _days;

    private CronExpression(bool[] minutes, bool[] hours, bool[] months, bool[] years, DayRule days)
    {
        _minutes = minutes;
        _hours = hours;
        _months = months;
        _years = years;
        _days = days;
    }

    /// <summary>Parses the body inside <c>cron(...)</c>.</summary>
    public static CronExpression Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var fields = body.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            throw new ScheduleExpressionException($"cron needs 6 fields (minutes hours day-of-month month day-of-week year), got {fields.Length}.");
        }
        var minutes = Field(fields[0], "minutes", 0, 59, null);
        var hours = Field(fields[1], "hours", 0, 23, null);
        var months = Field(fields[3], "month", 1, 12, MonthNames);
        var years = Field(fields[5], "year", 1970, 2199, null);
        var (dom, dow) = (fields[2], fields[4]);
        if ((dom == "?") == (dow == "?"))
        {
            throw new ScheduleExpressionException("cron: exactly one of day-of-month and day-of-week must be '?'.");
        }
        DayRule days = dom == "?" ? WeekDayRule(dow) : MonthDayRule(dom);
        return new CronExpression(minutes, hours, months, years, days);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when none is left (year 2199 passed).</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(after, zone).DateTime;
        // Start a day early: a fall-back puts wall times before `local` after `after` in absolute time.
        for (var date = DateOnly.FromDateTime(local).AddDays(-1); date.Year <= 2199; date = date.AddDays(1))
        {
            if (date.Year < 1970 || !_years[date.Year - 1970])
            {
                date = new DateOnly(date.Year, 12, 31);
                continue;
            }
            if (!_months[date.Month - 1])
            {
                date = new DateOnly(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month));
                continue;
            }
            if (!_days(date))
            {
                continue;
            }
            for (var h = 0; h < 24; h++)
            {
                if (!_hours[h])
                {
                    continue;
                }
                for (var m = 0; m < 60; m++)
                {
                    if (!_minutes[m])
                    {
                        continue;
                    }
                    var wall = date.ToDateTime(new TimeOnly(h, m));
                    if (zone.IsInvalidTime(wall))
                    {
                        continue;
                    }
                    var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
                    var instant = new DateTimeOffset(wall, offset);
                    if (instant > after)
                    {
                        return instant;
                    }
                }
            }
        }
        return null;
    }

    private delegate bool DayRule(DateOnly date);

    private static DayRule MonthDayRule(string field)
    {
        if (field == "L")
        {
            return d => d.Day == DateTime.DaysInMonth(d.Year, d.Month);
        }
        if (field == "LW")
        {
            return d => d == LastWeekday(d.Year, d.Month);
        }
        if (field.EndsWith('W'))
        {
            var n = Number(field[..^1], "day-of-month", 1, 31);
            return d => NearestWeekday(d.Year, d.Month, n) == d;
        }
        var set = Field(field, "day-of-month", 1, 31, null);
        return d => set[d.Day - 1];
    }

    private static DayRule WeekDayRule(string field)
    {
        if (field == "L")
        {
            return d => d.DayOfWeek == DayOfWeek.Saturday;
        }
        if (field.Length > 1 && field.EndsWith('L'))
        {
            var day = (DayOfWeek)(Value(field[..^1], "day-of-week", 1, 7, DayNames) - 1);
            return d => d.DayOfWeek == day && d.Day + 7 > DateTime.DaysInMonth(d.Year, d.Month);
        }
        if (field.Contains('#', StringComparison.Ordinal))
        {
            var parts = field.Split('#');
            if (parts.Length != 2)
            {
                throw new ScheduleExpressionException($"cron day-of-week '{field}': use <day>#<n>, e.g. 2#1 for the first Monday.");
            }
            var day = (DayOfWeek)(Value(parts[0], "day-of-week", 1, 7, DayNames) - 1);
            var nth = Number(parts[1], "day-of-week", 1, 5);
            return d => d.DayOfWeek == day && (d.Day - 1) / 7 + 1 == nth;
        }
        var set = Field(field, "day-of-week", 1, 7, DayNames);
        return d => set[(int)d.DayOfWeek];
    }

    private static DateOnly LastWeekday(int year, int month)
    {
        var d = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            d = d.AddDays(-1);
        }
        return d;
    }

    /// <summary>The weekday nearest day <paramref name="n"/>, never leaving the month (Quartz's and AWS's W).</summary>
    private static DateOnly? NearestWeekday(int year, int month, int n)
    {
        var last = DateTime.DaysInMonth(year, month);
        if (n > last)
        {
            return null;
        }
        var d = new DateOnly(year, month, n);
        return d.DayOfWeek switch
        {
            DayOfWeek.Saturday => n == 1 ? d.AddDays(2) : d.AddDays(-1),
            DayOfWeek.Sunday => n == last ? d.AddDays(-2) : d.AddDays(1),
            _ => d,
        };
    }

    /// <summary>A list of <c>*</c>, <c>a</c>, <c>a-b</c>, each optionally <c>/step</c>; a range may wrap (FRI-MON).</summary>
    private static bool[] Field(string field, string name, int min, int max, string[]? names)
    {
        var set = new bool[max - min + 1];
        foreach (var item in field.Split(','))
        {
            var slash = item.Split('/');
            if (slash.Length > 2 || item.Length == 0)
            {
                throw new ScheduleExpressionException($"cron {name} '{field}' is malformed.");
            }
            var step = slash.Length == 2 ? Number(slash[1], name, 1, max - min + 1) : 1;
            int from, to;
            if (slash[0] == "*")
            {
                (from, to) = (min, max);
            }
            else if (slash[0].Split('-') is { Length: 2 } range)
            {
                (from, to) = (Value(range[0], name, min, max, names), Value(range[1], name, min, max, names));
            }
            else
            {
                from = Value(slash[0], name, min, max, names);
                to = slash.Length == 2 ? max : from;
            }
            var count = (to - from + set.Length) % set.Length;
            for (var i = 0; i <= count; i += step)
            {
                set[(from - min + i) % set.Length] = true;
            }
        }
        return set;
    }

    private static int Value(string text, string name, int min, int max, string[]? names)
    {
        if (names is not null && Array.FindIndex(names, n => n.Equals(text, StringComparison.OrdinalIgnoreCase)) is var index and >= 0)
        {
            return index + min;
        }
        return Number(text, name, min, max);
    }

    private static int Number(string text, string name, int min, int max)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ScheduleExpressionException($"cron {name} value '{text}' must be {min}-{max}.");
        }
        return value;
    }
}
