using System.Text.Json.Nodes;

namespace Provisioner.Core.Validation;

/// <summary>
/// One thing wrong with a spec: where (an RFC 6901 JSON pointer, "" for the whole document), the
/// offending value (null when the field is missing), and the rule it breaks, in plain words.
/// </summary>
public sealed record SpecError(string Pointer, JsonNode? Value, string Rule)
{
    /// <summary>The rule with the offending value appended, as the CLI and the API show it.</summary>
    public string Message => Value is null ? Rule : $"{Rule} (got {Value.ToJsonString()})";

    /// <summary><c>&lt;pointer&gt;: &lt;message&gt;</c>; the whole document shows as <c>(document)</c>.</summary>
    public override string ToString() => $"{(Pointer.Length == 0 ? "(document)" : Pointer)}: {Message}";
}
