using System.Globalization;

namespace Provisioner.Core.Time;

/// <summary>
/// RFC 3339 date-times as ASL and the API accept them: a full date, an uppercase T, a time, and Z or a numeric
/// offset (a zone is required: a time without one would mean a different instant on every host).
/// </summary>
public static class Rfc3339
{
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        if (text.Length < 20 || text[10] != 'T' || !(text.EndsWith('Z') || text[^6] is '+' or '-'))
        {
            return false;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }
}
