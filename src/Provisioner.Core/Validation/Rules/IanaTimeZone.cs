using System.Text.RegularExpressions;

namespace Provisioner.Core.Validation.Rules;

/// <summary>
/// IANA time zone names as EventBridge Scheduler takes them in <c>ScheduleExpressionTimezone</c>: a zone this
/// machine's time zone database knows under exactly that name (the lookup ignores case on Linux; Scheduler
/// does not), not one of the database's non-zone files.
/// </summary>
public static partial class IanaTimeZone
{
    public const string Rule = "must be an IANA time zone name such as Europe/Berlin or UTC (exact spelling)";

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    private static readonly HashSet<string> NotZones = new(StringComparer.OrdinalIgnoreCase) { "Factory", "posixrules", "localtime", "leapseconds" };

    /// <summary>The zone named exactly <paramref name="name"/>, or null.</summary>
    public static TimeZoneInfo? Find(string? name)
    {
        if (name is null or { Length: 0 or > 64 } || !Shape().IsMatch(name) || NotZones.Contains(name)
            || name.StartsWith("posix/", StringComparison.OrdinalIgnoreCase) || name.StartsWith("right/", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(name);
            return zone.HasIanaId && string.Equals(zone.Id, name, StringComparison.Ordinal) ? zone : null;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException)
        {
            return null;
        }
    }

    public static bool IsValid(string? name) => Find(name) is not null;
}
