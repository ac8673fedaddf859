using System.Net;
using System.Text.RegularExpressions;

namespace Provisioner.Core.Validation.Rules;

/// <summary>S3's general purpose bucket naming rules.</summary>
public static partial class S3BucketName
{
    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    private static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

    public const string Rule =
        "must be a valid S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending " +
        "with a letter or digit, no two adjacent dots, not an IP address, and none of AWS's reserved prefixes or suffixes";

    public static bool IsValid(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Shape().IsMatch(value)
            && !value.Contains("..", StringComparison.Ordinal)
            && !IPAddress.TryParse(value, out _)
            && !ReservedPrefixes.Any(p => value.StartsWith(p, StringComparison.Ordinal))
            && !ReservedSuffixes.Any(s => value.EndsWith(s, StringComparison.Ordinal));
    }
}
