using System.Globalization;

namespace Provisioner.StateMachine.Json;

/// <summary>RFC 3339 timestamps as ASL accepts them: an uppercase T, and Z or a numeric offset.</summary>
internal static class Timestamps
{
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length < 20 || text[10] != 'T' || !(text.EndsWith('Z') || text[^6] is '+' or '-'))
        {
            return false;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }
}
