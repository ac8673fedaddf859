using System.Globalization;
using System.Xml.Linq;

namespace Provisioner.Aws.Protocols;

/// <summary>Namespace-agnostic reads of AWS Query/EC2 XML answers (moto and AWS disagree on namespaces).</summary>
internal static class XmlExtensions
{
    public static XElement? Child(this XElement element, string name) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    public static string? ChildValue(this XElement element, string name) => element.Child(name)?.Value;

    public static string RequiredValue(this XElement element, string name) =>
        element.ChildValue(name) ?? throw new FormatException($"AWS answer lacks <{name}> in <{element.Name.LocalName}>.");

    public static int? ChildInt(this XElement element, string name) =>
        element.ChildValue(name) is { Length: > 0 } s ? int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture) : null;

    public static double? ChildDouble(this XElement element, string name) =>
        element.ChildValue(name) is { Length: > 0 } s ? double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture) : null;

    public static bool? ChildBool(this XElement element, string name) =>
        element.ChildValue(name) is { Length: > 0 } s ? string.Equals(s, "true", StringComparison.OrdinalIgnoreCase) : null;

    public static DateTimeOffset? ChildTimestamp(this XElement element, string name) =>
        element.ChildValue(name) is { Length: > 0 } s ? DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal) : null;

    /// <summary>The items of a Query list: <c>&lt;name&gt;&lt;member&gt;...&lt;/member&gt;&lt;/name&gt;</c>.</summary>
    public static IEnumerable<XElement> Members(this XElement element, string listName) =>
        element.Child(listName)?.Elements().Where(e => e.Name.LocalName == "member") ?? [];

    public static IReadOnlyList<string> MemberValues(this XElement element, string listName) =>
        element.Members(listName).Select(m => m.Value).ToList();

    /// <summary>A Query list of Key/Value pairs as a dictionary (later keys win).</summary>
    public static IReadOnlyDictionary<string, string> KeyValueMembers(this XElement element, string listName, string keyName = "Key", string valueName = "Value")
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in element.Members(listName))
        {
            if (member.ChildValue(keyName) is { } key)
            {
                result[key] = member.ChildValue(valueName) ?? "";
            }
        }
        return result;
    }
}
