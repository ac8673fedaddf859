using System.Globalization;
using System.Text.RegularExpressions;

namespace Provisioner.Core.Validation.Rules;

/// <summary>
/// Recurring EventBridge Scheduler expressions: <c>rate(value unit)</c> and the six-field
/// <c>cron(minutes hours day-of-month month day-of-week year)</c>, with the rules EventBridge applies
/// (singular unit for 1, plural otherwise; one of day-of-month and day-of-week must be <c>?</c>).
/// </summary>
public static partial class ScheduleExpression
{
    [GeneratedRegex("^rate\\(([0-9]+) (minute|minutes|hour|hours|day|days)\\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Rate();

    [GeneratedRegex("^cron\\((.*)\\)$", RegexOptions.CultureInvariant)]
    private static partial Regex Cron();

    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <summary>Null when <paramref name="expression"/> is valid, else why not.</summary>
    public static string? Check(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (Rate().Match(expression) is { Success: true } rate)
        {
            return CheckRate(rate.Groups[1].Value, rate.Groups[2].Value);
        }
        if (Cron().Match(expression) is { Success: true } cron)
        {
            return CheckCron(cron.Groups[1].Value);
        }
        return "must be rate(<value> <unit>) or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)";
    }

    private static string? CheckRate(string digits, string unit)
    {
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            return "rate value must be a positive whole number";
        }
        var plural = unit.EndsWith('s');
        if (value == 1 && plural)
        {
            return $"rate(1 {unit}) must use the singular unit: rate(1 {unit[..^1]})";
        }
        if (value > 1 && !plural)
        {
            return $"rate({value} {unit}) must use the plural unit: rate({value} {unit}s)";
        }
        return null;
    }

    private static string? CheckCron(string body)
    {
        var fields = body.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            return $"cron needs exactly 6 fields (minutes hours day-of-month month day-of-week year), got {fields.Length}";
        }
        var checks = new (string Name, string Value, Func<string, bool> Valid)[]
        {
            ("minutes", fields[0], f => Standard(f, 0, 59, null)),
            ("hours", fields[1], f => Standard(f, 0, 23, null)),
            ("day-of-month", fields[2], DayOfMonth),
            ("month", fields[3], f => Standard(f, 1, 12, Months)),
            ("day-of-week", fields[4], DayOfWeek),
            ("year", fields[5], f => Standard(f, 1970, 2199, null)),
        };
        foreach (var (name, value, valid) in checks)
        {
            if (!valid(value))
            {
                return $"cron {name} field '{value}' is not valid";
            }
        }
        if ((fields[2] == "?") == (fields[4] == "?"))
        {
            return "cron must set exactly one of day-of-month and day-of-week to '?'";
        }
        return null;
    }

    // A field is a comma list of: *, a value, a range a-b, or any of those with /step.
    private static bool Standard(string field, int min, int max, string[]? names) =>
        field.Split(',').All(item => Item(item, min, max, names));

    private static bool Item(string item, int min, int max, string[]? names)
    {
        var slash = item.Split('/');
        if (slash.Length > 2)
        {
            return false;
        }
        if (slash.Length == 2 && (!Number(slash[1], 1, max, null) || slash[0].Length == 0))
        {
            return false;
        }
        var head = slash[0];
        if (head == "*")
        {
            return true;
        }
        var dash = head.Split('-');
        return dash.Length switch
        {
            1 => Number(dash[0], min, max, names),
            2 => Number(dash[0], min, max, names) && Number(dash[1], min, max, names),
            _ => false,
        };
    }

    private static bool Number(string text, int min, int max, string[]? names)
    {
        if (names is not null)
        {
            var index = Array.IndexOf(names, text.ToUpperInvariant());
            if (index >= 0)
            {
                return true;
            }
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max;
    }

    private static bool DayOfMonth(string field) => field switch
    {
        "?" or "L" or "LW" => true,
        _ when field.EndsWith('W') && field.Length > 1 => Number(field[..^1], 1, 31, null),
        _ => Standard(field, 1, 31, null),
    };

    private static bool DayOfWeek(string field)
    {
        if (field is "?" or "L")
        {
            return true;
        }
        if (field.EndsWith('L') && field.Length > 1)
        {
            return Number(field[..^1], 1, 7, Days);
        }
        var hash = field.Split('#');
        if (hash.Length == 2)
        {
            return Number(hash[0], 1, 7, Days) && Number(hash[1], 1, 5, null);
        }
        return Standard(field, 1, 7, Days);
    }
}
