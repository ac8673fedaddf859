using System.Text;
using System.Text.Json.Nodes;
using Provisioner.Functions.Api.Http;

namespace Provisioner.Functions.Api.Lambda;

/// <summary>
/// API Gateway HTTP API payload format 2.0: the event to an <see cref="ApiRequest"/>, an <see cref="ApiResponse"/>
/// to the response object. The JWT authorizer has already validated the token; its claims are in
/// <c>requestContext.authorizer.jwt.claims</c>, where an array claim arrives as the string <c>"[a b]"</c>.
/// </summary>
public static class HttpApiEvent
{
    public const string DefaultGroupsClaim = "cognito:groups";

    /// <exception cref="Provisioner.Core.Steps.StepFailedException">The payload is not an HTTP API event object (BadInput).</exception>
    public static ApiRequest ToRequest(JsonNode? payload, string groupsClaim = DefaultGroupsClaim)
    {
        if (payload is not JsonObject)
        {
            throw new Provisioner.Core.Steps.StepFailedException(Provisioner.Core.Steps.StepErrors.BadInput, "Api.Run: the input is not an API Gateway HTTP API payload 2.0 event object.");
        }
        var http = payload?["requestContext"]?["http"];
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in payload?["headers"] as JsonObject ?? [])
        {
            headers[name] = Text(value) ?? "";
        }
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in payload?["queryStringParameters"] as JsonObject ?? [])
        {
            // HTTP API joins repeated parameters with commas; the first one counts.
            query[name] = (Text(value) ?? "").Split(',')[0];
        }
        var body = Text(payload?["body"]) ?? "";
        var bytes = payload?["isBase64Encoded"] is JsonValue encoded && encoded.TryGetValue<bool>(out var isBase64) && isBase64
            ? Base64(body)
            : Encoding.UTF8.GetBytes(body);
        return new ApiRequest
        {
            Method = Text(http?["method"]) ?? "GET",
            Path = Text(http?["path"]) ?? Text(payload?["rawPath"]) ?? "/",
            Headers = headers,
            Query = query,
            Body = bytes,
            Caller = CallerOf(payload?["requestContext"]?["authorizer"]?["jwt"]?["claims"] as JsonObject, groupsClaim),
        };
    }

    public static JsonObject ToResponse(ApiResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var headers = new JsonObject { ["content-type"] = response.ContentType };
        foreach (var (name, value) in response.Headers)
        {
            headers[name.ToLowerInvariant()] = value;
        }
        var text = response.ContentType.StartsWith("text/", StringComparison.Ordinal) || response.ContentType.Contains("json", StringComparison.Ordinal);
        return new JsonObject
        {
            ["statusCode"] = response.Status,
            ["headers"] = headers,
            ["body"] = text ? response.BodyText : Convert.ToBase64String(response.Body.Span),
            ["isBase64Encoded"] = !text,
        };
    }

    /// <summary>The caller from the authorizer's claims; null when there is no <c>sub</c>.</summary>
    public static Caller? CallerOf(JsonObject? claims, string groupsClaim)
    {
        if (claims is null || Text(claims["sub"]) is not { Length: > 0 } sub)
        {
            return null;
        }
        return new Caller(sub, Groups(claims[groupsClaim]));
    }

    /// <summary><c>"[a b]"</c> (HTTP API's form of an array claim), a plain <c>"a"</c>, or a real JSON array.</summary>
    public static IReadOnlyList<string> Groups(JsonNode? claim)
    {
        if (claim is JsonArray array)
        {
            return [.. array.Select(Text).OfType<string>().Where(g => g.Length > 0)];
        }
        var text = Text(claim)?.Trim() ?? "";
        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            text = text[1..^1];
        }
        return text.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<string>(out var text) ? text : value.ToJsonString()
        : null;

    private static byte[] Base64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            return Encoding.UTF8.GetBytes(text);
        }
    }
}
