using System.Text.RegularExpressions;

namespace Provisioner.Core.Validation.Rules;

/// <summary>The addresses SNS e-mail subscriptions accept: a dotted local part and a DNS domain with a dot.</summary>
public static partial class EmailAddress
{
    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static bool IsValid(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.LastIndexOf('@');
        return value.Length <= 254 && at is > 0 and <= 64 && Shape().IsMatch(value);
    }
}
