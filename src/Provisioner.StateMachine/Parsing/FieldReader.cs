using System.Text.Json;
using System.Text.Json.Nodes;

using Provisioner.Core.Json;
using Provisioner.StateMachine.Json;
using Provisioner.StateMachine.JsonPath;
using Provisioner.StateMachine.Payload;

namespace Provisioner.StateMachine.Parsing;

/// <summary>Typed access to one JSON object of the definition; every problem is recorded with its JSON pointer.</summary>
internal sealed class FieldReader(JsonObject node, string pointer, List<DefinitionError> errors)
{
    public JsonObject Node { get; } = node;

    public string Pointer { get; } = pointer;

    public List<DefinitionError> Errors { get; } = errors;

    public string At(string field) => JsonPointer.Append(Pointer, field);

    public bool Has(string field) => Node.ContainsKey(field);

    public void Error(string field, string message) => Errors.Add(new DefinitionError(At(field), message));

    public void RejectUnknown(IReadOnlySet<string> allowed, string where)
    {
        foreach (var (key, _) in Node)
        {
            if (!allowed.Contains(key))
            {
                Error(key, $"The field '{key}' is not supported in {where}.");
            }
        }
    }

    public string? String(string field, bool required = false)
    {
        if (!Node.TryGetPropertyValue(field, out var value))
        {
            if (required)
            {
                Errors.Add(new DefinitionError(Pointer, $"The field '{field}' is required."));
            }

            return null;
        }

        if (Pointers.IsString(value, out var text))
        {
            return text;
        }

        Error(field, $"The field '{field}' must be a string.");
        return null;
    }

    public long? Integer(string field, long min, string rule)
    {
        if (!Node.TryGetPropertyValue(field, out var value))
        {
            return null;
        }

        if (JsonNumbers.TryInteger(value, out var n) && n >= min)
        {
            return n;
        }

        Error(field, $"The field '{field}' must be {rule}.");
        return null;
    }

    public double? Number(string field, double min, string rule)
    {
        if (!Node.TryGetPropertyValue(field, out var value))
        {
            return null;
        }

        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && JsonNumbers.ToDouble(v) >= min)
        {
            return JsonNumbers.ToDouble(v);
        }

        Error(field, $"The field '{field}' must be {rule}.");
        return null;
    }

    public bool Boolean(string field)
    {
        if (!Node.TryGetPropertyValue(field, out var value))
        {
            return false;
        }

        if (JsonNumbers.IsBoolean(value))
        {
            return value!.GetValue<bool>();
        }

        Error(field, $"The field '{field}' must be a boolean.");
        return false;
    }

    public FieldReader? Object(string field, bool required = false)
    {
        if (!Node.TryGetPropertyValue(field, out var value))
        {
            if (required)
            {
                Errors.Add(new DefinitionError(Pointer, $"The field '{field}' is required."));
            }

            return null;
        }

        if (value is JsonObject obj)
        {
            return new FieldReader(obj, At(field), Errors);
        }

        Error(field, $"The field '{field}' must be an object.");
        return null;
    }

    public JsonArray? Array(string field, bool required = false)
    {
        if (!Node.TryGetPropertyValue(field, out var value))
        {
            if (required)
            {
                Errors.Add(new DefinitionError(Pointer, $"The field '{field}' is required."));
            }

            return null;
        }

        if (value is JsonArray array)
        {
            return array;
        }

        Error(field, $"The field '{field}' must be an array.");
        return null;
    }

    /// <summary>A JSONPath field; <paramref name="reference"/> demands a Reference Path (names and indices only, on <c>$</c>).</summary>
    public JsonPathExpression? Path(string field, bool reference = false)
    {
        var text = String(field);
        return text is null ? null : ParsePath(field, text, reference);
    }

    public JsonPathExpression? ParsePath(string field, string text, bool reference)
    {
        try
        {
            var path = JsonPathExpression.Parse(text);
            if (reference && (!path.IsReferencePath || path.Root != JsonPathRootKind.Input))
            {
                Error(field, $"The value '{text}' of '{field}' must be a Reference Path: '$' followed by field names and array indices only.");
                return null;
            }

            return path;
        }
        catch (JsonPathException e)
        {
            Error(field, e.Message);
            return null;
        }
    }

    /// <summary>InputPath, OutputPath or ResultPath: absent means <c>$</c>, null means discard.</summary>
    public DataPath DataPath(string field, bool reference = false)
    {
        if (!Node.TryGetPropertyValue(field, out var value))
        {
            return Payload.DataPath.Root;
        }

        if (value is null)
        {
            return Payload.DataPath.Discard;
        }

        var path = Path(field, reference);
        return path is null ? Payload.DataPath.Root : new DataPath(path);
    }

    public PayloadTemplate? Template(string field, bool objectOnly = true)
    {
        if (!Node.TryGetPropertyValue(field, out var value))
        {
            return null;
        }

        if (objectOnly && value is not JsonObject)
        {
            Error(field, $"The field '{field}' must be an object.");
            return null;
        }

        var problems = new List<(string Pointer, string Message)>();
        var template = PayloadTemplate.Compile(value, At(field), problems);
        Errors.AddRange(problems.Select(p => new DefinitionError(p.Pointer, p.Message)));
        return template;
    }
}
