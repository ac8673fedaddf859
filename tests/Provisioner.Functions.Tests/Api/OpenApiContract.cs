using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Functions.Api;
using Provisioner.Functions.Api.Http;

namespace Provisioner.Functions.Tests.Api;

/// <summary>
/// Checks a response against the committed OpenAPI document (the embedded copy the API serves): the status is
/// one the operation lists, the content type is the listed one, and the body is valid for the subset of
/// JSON Schema the document uses (type, required, properties, additionalProperties, enum, items, minimum,
/// maximum, $ref). Returns every mismatch; empty means the response keeps the contract.
/// </summary>
internal static class OpenApiContract
{
    public static JsonObject Document { get; } = (JsonObject)JsonNode.Parse(StaticApi.Text("api/openapi.json")!)!;

    public static IReadOnlyList<string> Check(string method, string path, ApiResponse response)
    {
        var errors = new List<string>();
        if (Operation(method, path) is not { } operation)
        {
            return [$"{method} {path}: no operation in the OpenAPI document"];
        }
        var key = response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation["responses"]?[key] is not JsonObject documented)
        {
            return [$"{method} {path}: status {key} is not documented"];
        }
        if (documented["content"] is not JsonObject content)
        {
            return response.Body.IsEmpty ? [] : [$"{method} {path} {key}: a body where none is documented"];
        }
        var media = response.ContentType.Split(';')[0].Trim();
        if (content[media] is not JsonObject type)
        {
            return [$"{method} {path} {key}: content type {media} is not documented ({string.Join(", ", content.Select(c => c.Key))})"];
        }
        if (media.EndsWith("json", StringComparison.Ordinal))
        {
            JsonNode? body;
            try
            {
                body = JsonNode.Parse(response.Body.Span);
            }
            catch (JsonException ex)
            {
                return [$"{method} {path} {key}: the body is not JSON: {ex.Message}"];
            }
            Validate(type["schema"], body, "", errors);
        }
        return errors;
    }

    private static JsonObject? Operation(string method, string path)
    {
        var segments = path.Split('?')[0].Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (template, item) in (JsonObject)Document["paths"]!)
        {
            var parts = template.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == segments.Length && parts.Zip(segments).All(p => p.First.StartsWith('{') || p.First == p.Second))
            {
                return item?[method.ToLowerInvariant()] as JsonObject;
            }
        }
        return null;
    }

    private static void Validate(JsonNode? schema, JsonNode? value, string at, List<string> errors)
    {
        if (schema is not JsonObject s)
        {
            return;
        }
        if (s["$ref"] is JsonValue reference)
        {
            var name = ((string)reference!).Split('/')[^1];
            Validate(Document["components"]!["schemas"]![name], value, at, errors);
            return;
        }
        if (s["type"] is { } type && !TypeMatches(type, value))
        {
            errors.Add($"{At(at)}: {Kind(value)} is not of type {type.ToJsonString()}");
            return;
        }
        if (s["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{At(at)}: {value?.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }
        if (value is JsonValue number && number.TryGetValue<double>(out var n))
        {
            if (s["minimum"] is JsonValue min && n < (double)min)
            {
                errors.Add($"{At(at)}: {n} is below the minimum {min}");
            }
            if (s["maximum"] is JsonValue max && n > (double)max)
            {
                errors.Add($"{At(at)}: {n} is above the maximum {max}");
            }
        }
        if (value is JsonObject obj)
        {
            foreach (var required in s["required"] as JsonArray ?? [])
            {
                if (!obj.ContainsKey((string)required!))
                {
                    errors.Add($"{At(at)}: the required property '{required}' is missing");
                }
            }
            var properties = s["properties"] as JsonObject;
            foreach (var (name, child) in obj)
            {
                if (properties?[name] is { } property)
                {
                    Validate(property, child, at + "/" + name, errors);
                }
                else if (s["additionalProperties"] is JsonValue extra && !(bool)extra)
                {
                    errors.Add($"{At(at)}: the property '{name}' is not allowed");
                }
            }
        }
        if (value is JsonArray array && s["items"] is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(items, array[i], $"{at}/{i}", errors);
            }
        }
    }

    private static bool TypeMatches(JsonNode type, JsonNode? value) =>
        type is JsonArray any ? any.Any(t => TypeMatches(t!, value)) : Kind(value) == (string)type! || ((string)type! == "number" && Kind(value) == "integer");

    private static string Kind(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "string",
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValue v when v.TryGetValue<long>(out _) => "integer",
        JsonValue v when v.TryGetValue<double>(out var d) && d == Math.Floor(d) && !v.ToJsonString().Contains('.', StringComparison.Ordinal) => "integer",
        _ => "number",
    };

    private static string At(string at) => at.Length == 0 ? "(body)" : at;
}
