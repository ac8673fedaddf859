using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioner.Core.Validation;

/// <summary>
/// One thing wrong with a spec: where (an RFC 6901 JSON pointer, "" for the whole document), the
/// offending value (null when the field is missing), and the rule it breaks, in plain words.
/// </summary>
public sealed record SpecError(string Pointer, JsonNode? Value, string Rule)
{
    /// <summary>The offending value as echoed: itself, or when its JSON is long, that JSON cut short as a string.</summary>
    public JsonNode? Value { get; init; } = Echo(Value);

    /// <summary>The rule with the offending value appended, as the CLI and the API show it.</summary>
    public string Message => Value is null ? Rule : $"{Rule} (got {Value.ToJsonString()})";

    /// <summary><c>&lt;pointer&gt;: &lt;message&gt;</c>; the whole document shows as <c>(document)</c>.</summary>
    public override string ToString() => $"{(Pointer.Length == 0 ? "(document)" : Printable.Cut(Pointer))}: {Message}";

    /// <summary>A long string is cut itself; a long object or array becomes its JSON text, cut, as a string.</summary>
    private static JsonNode? Echo(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is var text => text.Length <= Printable.MaxEchoLength ? value : JsonValue.Create(Printable.Cut(text)),
        _ when value.ToJsonString() is var json && json.Length > Printable.MaxEchoLength => JsonValue.Create(Printable.Cut(json)),
        _ => value,
    };
}
