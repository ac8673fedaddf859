using System.Globalization;

namespace Provisioner.Core.Json;

/// <summary>
/// RFC 6901 pointer building, the one place every error pointer is made (the spec validator, the API's body
/// reader, the state machine's definition parser).
/// </summary>
public static class JsonPointer
{
    /// <summary><paramref name="parent"/> and one property name, '~' and '/' escaped as <c>~0</c> and <c>~1</c>.</summary>
    public static string Append(string parent, string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return parent + "/" + token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    /// <summary><paramref name="parent"/> and one array index.</summary>
    public static string Append(string parent, int index) =>
        parent + "/" + index.ToString(CultureInfo.InvariantCulture);
}
