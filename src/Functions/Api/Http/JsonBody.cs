using System.Text.Unicode;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Core.Json;
using Provisioner.Core.Validation;

namespace Provisioner.Functions.Api.Http;

/// <summary>
/// Reads a JSON request body with the checks every body gets, in order: size (413), media type (415),
/// UTF-8 and well-formedness, duplicate property names (400 naming the property), depth. The validator
/// would see only one of two duplicate keys, so they are found here, on the raw tokens.
/// </summary>
public static class JsonBody
{
    /// <summary>A spec nests 4 levels; 32 leaves room and keeps an echoed value inside a problem within any parser's default depth.</summary>
    public const int MaxDepth = 32;

    public static bool TryRead(ApiRequest request, int maxBytes, out JsonNode? body, out ApiResponse? problem)
    {
        body = null;
        problem = null;
        if (request.Body.Length > maxBytes)
        {
            problem = Problems.TooLarge(maxBytes);
            return false;
        }
        var contentType = request.Header("Content-Type");
        if (!IsJson(contentType))
        {
            problem = Problems.UnsupportedMediaType(contentType);
            return false;
        }
        if (FirstError(request.Body.Span) is { } error)
        {
            problem = Problems.Invalid([error]);
            return false;
        }
        body = JsonNode.Parse(request.Body.Span, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth });
        return true;
    }

    private static bool IsJson(string? contentType)
    {
        var media = contentType?.Split(';', 2)[0].Trim();
        return media is not null
            && (media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || (media.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The first problem of the raw body: not UTF-8, not JSON, or a property named twice in one object.</summary>
    public static SpecError? FirstError(ReadOnlySpan<byte> utf8)
    {
        if (!Utf8.IsValid(utf8))
        {
            return new SpecError("", null, "is not valid UTF-8");
        }
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        var scopes = new Stack<(string Pointer, HashSet<string>? Names, int Index)>();
        string? pendingName = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var (pointer, names, _) = scopes.Peek();
                        pendingName = reader.GetString()!;
                        if (!names!.Add(pendingName))
                        {
                            return new SpecError(JsonPointer.Append(pointer, pendingName), null, "is given more than once: each property may appear only once");
                        }
                        break;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var child = ChildPointer(scopes, pendingName);
                        scopes.Push((child, reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null, 0));
                        pendingName = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        scopes.Pop();
                        Advance(scopes);
                        break;
                    default:
                        pendingName = null;
                        Advance(scopes);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            return EnvironmentSpecValidator.MalformedJson(ex);
        }
        return null;
    }

    private static string ChildPointer(Stack<(string Pointer, HashSet<string>? Names, int Index)> scopes, string? name)
    {
        if (scopes.Count == 0)
        {
            return "";
        }
        var (pointer, names, index) = scopes.Peek();
        return names is null ? JsonPointer.Append(pointer, index) : JsonPointer.Append(pointer, name ?? "");
    }

    private static void Advance(Stack<(string Pointer, HashSet<string>? Names, int Index)> scopes)
    {
        if (scopes.Count > 0 && scopes.Peek().Names is null)
        {
            var (pointer, names, index) = scopes.Pop();
            scopes.Push((pointer, names, index + 1));
        }
    }
}
