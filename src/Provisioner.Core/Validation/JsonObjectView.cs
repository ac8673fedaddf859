using System.Text.Json;
using System.Text.Json.Nodes;

using Provisioner.Core.Json;

namespace Provisioner.Core.Validation;

/// <summary>
/// Typed, error-collecting reads of one JSON object. Every read either yields a usable value or records
/// an error naming the field's pointer; nothing throws, so one pass finds every error in a document.
/// A read that fails returns false, which tells the caller to skip rules that depend on that field.
/// The view remembers which names were read, so a section names each property once: what
/// <see cref="ReadAll{T}"/>'s reader did not look at is unknown.
/// </summary>
internal sealed class JsonObjectView
{
    private readonly JsonObject _node;
    private readonly List<SpecError> _errors;
    private readonly List<string> _read = [];

    private JsonObjectView(JsonObject node, string pointer, List<SpecError> errors)
    {
        _node = node;
        Pointer = pointer;
        _errors = errors;
    }

    public string Pointer { get; }

    /// <summary>Views <paramref name="node"/> as an object, or records that it must be one.</summary>
    public static JsonObjectView? Of(JsonNode? node, string pointer, List<SpecError> errors)
    {
        if (node is JsonObject obj)
        {
            return new JsonObjectView(obj, pointer, errors);
        }
        errors.Add(new SpecError(pointer, node?.DeepClone(), "must be a JSON object"));
        return null;
    }

    public string PointerOf(string name) => JsonPointer.Append(Pointer, name);

    public void Error(string name, JsonNode? value, string rule) => AddError(PointerOf(name), value, rule);

    /// <summary>Records an error at any pointer (an array item, a map entry) below this object.</summary>
    public void AddError(string pointer, JsonNode? value, string rule) =>
        _errors.Add(new SpecError(pointer, value?.DeepClone(), rule));

    /// <summary>
    /// Reads this object's section with <paramref name="read"/>, then records every property it did not look at,
    /// ahead of the section's other errors (an unknown name is the likeliest cause of the rest); <paramref name="explained"/>
    /// gives a better rule for specific unknown names.
    /// </summary>
    public T ReadAll<T>(Func<JsonObjectView, T> read, IReadOnlyDictionary<string, string>? explained = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        var start = _errors.Count;
        var result = read(this);
        var unknown = new List<SpecError>();
        foreach (var (name, value) in _node)
        {
            if (_read.Contains(name))
            {
                continue;
            }
            var rule = explained is not null && explained.TryGetValue(name, out var why)
                ? why
                : $"is not a known property here (known: {string.Join(", ", _read)})";
            unknown.Add(new SpecError(PointerOf(name), value?.DeepClone(), rule));
        }
        _errors.InsertRange(start, unknown);
        return result;
    }

    /// <summary>
    /// The nested object <paramref name="name"/> read by <paramref name="read"/> (see <see cref="ReadAll{T}"/>);
    /// <paramref name="absent"/> when it is missing, JSON null or not an object (the last two recorded as errors
    /// as <see cref="Object"/> does).
    /// </summary>
    public T Section<T>(string name, Func<JsonObjectView, T> read, T absent, bool required = false, IReadOnlyDictionary<string, string>? explained = null) =>
        Object(name, required) is { } section ? section.ReadAll(read, explained) : absent;

    /// <summary>True when the property is present and not JSON null.</summary>
    public bool HasValue(string name) => Has(name) && _node[name] is not null;

    /// <summary>True when the property is present, even as JSON null. Every read asks this first, so it marks the name known.</summary>
    public bool Has(string name)
    {
        if (!_read.Contains(name))
        {
            _read.Add(name);
        }
        return _node.ContainsKey(name);
    }

    public bool Require(string name)
    {
        if (HasValue(name))
        {
            return true;
        }
        _errors.Add(new SpecError(PointerOf(name), null, Has(name) ? "is required and may not be null" : "is required"));
        return false;
    }

    /// <summary>A nested object; null (no error) when absent or JSON null and <paramref name="required"/> is false.</summary>
    public JsonObjectView? Object(string name, bool required = false)
    {
        if (!HasValue(name))
        {
            if (required)
            {
                Require(name);
            }
            return null;
        }
        return Of(_node[name], PointerOf(name), _errors);
    }

    /// <summary>Reads a string; missing or null gives <paramref name="value"/> = null and true.</summary>
    public bool String(string name, out string? value)
    {
        value = null;
        if (!HasValue(name))
        {
            return true;
        }
        var node = _node[name]!;
        if (TryGetString(node, out var text))
        {
            value = text;
            return true;
        }
        Error(name, node, "must be a string");
        return false;
    }

    /// <summary>Reads a boolean; missing or null gives <paramref name="fallback"/>.</summary>
    public bool Bool(string name, bool fallback, out bool value)
    {
        value = fallback;
        if (!HasValue(name))
        {
            return true;
        }
        var node = _node[name]!;
        switch (node.GetValueKind())
        {
            case JsonValueKind.True:
                value = true;
                return true;
            case JsonValueKind.False:
                value = false;
                return true;
            default:
                Error(name, node, "must be true or false");
                return false;
        }
    }

    /// <summary>
    /// Reads a whole number within [min, max]; missing or null gives <paramref name="fallback"/>.
    /// <paramref name="unit"/> is appended to the range in the message ("seconds", "percent").
    /// </summary>
    public bool Int(string name, int fallback, int min, int max, string unit, out int value)
    {
        value = fallback;
        if (!HasValue(name))
        {
            return true;
        }
        return IntValue(name, min, max, unit, out value);
    }

    /// <summary>Like <see cref="Int"/> but a missing or null property yields null.</summary>
    public bool NullableInt(string name, int min, int max, string unit, out int? value)
    {
        value = null;
        if (!HasValue(name))
        {
            return true;
        }
        if (IntValue(name, min, max, unit, out var read))
        {
            value = read;
            return true;
        }
        return false;
    }

    private bool IntValue(string name, int min, int max, string unit, out int value)
    {
        value = 0;
        var node = _node[name]!;
        var range = $"must be a whole number from {min} to {max}{(unit.Length > 0 ? " " + unit : "")}";
        if (node.GetValueKind() != JsonValueKind.Number)
        {
            Error(name, node, range);
            return false;
        }
        if (TryGetWholeNumber(node, out var whole))
        {
            if (whole >= min && whole <= max)
            {
                value = (int)whole;
                return true;
            }
            Error(name, node, range);
            return false;
        }
        Error(name, node, range);
        return false;
    }

    /// <summary>Reads an array; missing or null gives null and true.</summary>
    public bool Array(string name, out JsonArray? value)
    {
        value = null;
        if (!HasValue(name))
        {
            return true;
        }
        if (_node[name] is JsonArray array)
        {
            value = array;
            return true;
        }
        Error(name, _node[name], "must be a JSON array");
        return false;
    }

    /// <summary>
    /// The items of the array <paramref name="name"/> (already read as <paramref name="items"/>), each a string that
    /// passes <paramref name="isValid"/> and is listed once under <paramref name="comparer"/>. An item that is not gets
    /// <paramref name="invalidRule"/>; a repeat gets <paramref name="repeatRule"/> of its first occurrence's pointer.
    /// False when any item was rejected; <paramref name="values"/> holds the accepted ones, first spelling kept.
    /// </summary>
    public bool DistinctStrings(string name, JsonArray items, Func<string, bool> isValid, string invalidRule,
        StringComparer comparer, Func<string, string> repeatRule, out List<string> values)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(isValid);
        ArgumentNullException.ThrowIfNull(repeatRule);
        var pointer = PointerOf(name);
        var first = new Dictionary<string, int>(comparer);
        values = [];
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var node = items[i];
            if (node is null || !TryGetString(node, out var text) || !isValid(text))
            {
                AddError(JsonPointer.Append(pointer, i), node, invalidRule);
                ok = false;
            }
            else if (first.TryGetValue(text, out var earlier))
            {
                AddError(JsonPointer.Append(pointer, i), node, repeatRule(JsonPointer.Append(pointer, earlier)));
                ok = false;
            }
            else
            {
                first[text] = i;
                values.Add(text);
            }
        }
        return ok;
    }

    /// <summary>Reads an object of string values (a tag map); missing or null gives an empty map.</summary>
    public bool StringMap(string name, out IReadOnlyList<(string Key, string? Value, string Pointer)> entries)
    {
        entries = [];
        if (!HasValue(name))
        {
            return true;
        }
        if (_node[name] is not JsonObject map)
        {
            Error(name, _node[name], "must be a JSON object of string values");
            return false;
        }
        var list = new List<(string, string?, string)>();
        var ok = true;
        foreach (var (key, node) in map)
        {
            var pointer = JsonPointer.Append(PointerOf(name), key);
            if (node is not null && TryGetString(node, out var text))
            {
                list.Add((key, text, pointer));
            }
            else
            {
                _errors.Add(new SpecError(pointer, node?.DeepClone(), "must be a string"));
                ok = false;
            }
        }
        entries = list;
        return ok;
    }

    /// <summary>
    /// A string value whether the node was parsed from text or built in memory (a built node may hold a
    /// char or other CLR type whose JSON kind is String).
    /// </summary>
    public static bool TryGetString(JsonNode node, out string value)
    {
        value = "";
        if (node.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }
        if (node.AsValue().TryGetValue<string>(out var text))
        {
            value = text;
            return true;
        }
        using var document = JsonDocument.Parse(node.ToJsonString());
        value = document.RootElement.GetString() ?? "";
        return true;
    }

    /// <summary>
    /// A whole number as JSON text spells it: "5" is one, "5.0" and "5e0" are not. Going through the text
    /// gives the same answer for parsed and for in-memory nodes of any numeric CLR type.
    /// </summary>
    private static bool TryGetWholeNumber(JsonNode node, out long value)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.TryGetInt64(out value);
    }
}
