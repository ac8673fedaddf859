using System.Globalization;
using System.Text;

namespace Provisioner.Core.Validation;

/// <summary>
/// What is shown back to a person: echoed values cut to a readable length (a 100 KB mistyped value is
/// not repeated in full) and control characters escaped (a property name carrying terminal escape
/// sequences or newlines cannot rewrite or forge lines of the output).
/// </summary>
public static class Printable
{
    /// <summary>How much of an echoed value is shown.</summary>
    public const int MaxEchoLength = 200;

    /// <summary><paramref name="text"/> itself when short, else its start and how long it was.</summary>
    public static string Cut(string text, int maxLength = MaxEchoLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (text.Length <= maxLength)
        {
            return text;
        }
        var end = char.IsHighSurrogate(text[maxLength - 1]) ? maxLength - 1 : maxLength;
        return string.Create(CultureInfo.InvariantCulture, $"{text[..end]}... ({text.Length} characters)");
    }

    /// <summary>Control and bidirectional-formatting characters as <c>\n</c>, <c>\t</c> or <c>\u</c> and four hex digits; everything else unchanged.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(NeedsEscape))
        {
            return text;
        }
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when NeedsEscape(c) => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }
        return builder.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c)
        || c is '\u2028' or '\u2029'
        || c is >= '\u202a' and <= '\u202e'
        || c is >= '\u2066' and <= '\u2069';
}
