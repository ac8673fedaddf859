namespace Provisioner.Core.Validation;

/// <summary>RFC 6901 pointer building.</summary>
internal static class JsonPointer
{
    public static string Append(string parent, string token) =>
        parent + "/" + token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Append(string parent, int index) =>
        parent + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
