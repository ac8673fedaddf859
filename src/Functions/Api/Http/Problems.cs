using System.Text.Json.Nodes;
using Provisioner.Core.Validation;
using Provisioner.Functions.Api.Registry;

namespace Provisioner.Functions.Api.Http;

/// <summary>RFC 9457 problem details: every error the API answers, each with its own <c>type</c> URI.</summary>
public static class Problems
{
    public const string TypeBase = "https://provisioner.dev/problems/";

    public static ApiResponse Of(int status, string type, string title, string detail, JsonObject? extensions = null)
    {
        var body = new JsonObject
        {
            ["type"] = TypeBase + type,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
        };
        foreach (var (name, value) in extensions ?? [])
        {
            body[name] = value?.DeepClone();
        }
        return ApiResponse.Of(status, body, ApiResponse.ProblemJson);
    }

    public static ApiResponse Unauthorized() =>
        Of(401, "unauthorized", "Unauthorized", "This route needs a valid bearer token.").WithHeader("WWW-Authenticate", "Bearer");

    public static ApiResponse NotFound(string what) => Of(404, "not-found", "Not found", $"{what} does not exist.");

    public static ApiResponse MethodNotAllowed(string method, string path) =>
        Of(405, "method-not-allowed", "Method not allowed", $"{method} is not allowed on {path}.");

    public static ApiResponse Invalid(IEnumerable<SpecError> errors, string detail = "The request body has errors; each names its field and rule.") =>
        Of(400, "invalid-request", "Invalid request", detail, new JsonObject { ["errors"] = Errors(errors) });

    public static ApiResponse TooLarge(int limit) =>
        Of(413, "payload-too-large", "Payload too large", $"The request body is larger than {limit} bytes.");

    public static ApiResponse UnsupportedMediaType(string? contentType) =>
        Of(415, "unsupported-media-type", "Unsupported media type", $"The body must be application/json (got {contentType ?? "no Content-Type"}).");

    public static ApiResponse EnvironmentExists(string id) =>
        Of(409, "environment-exists", "Environment exists", $"Environment '{id}' already exists with a different spec; delete it first or use another id.");

    /// <summary>An id another owner holds: nothing about it (not even its status) is revealed.</summary>
    public static ApiResponse IdUnavailable() =>
        Of(409, "environment-id-unavailable", "Environment id unavailable", "This environment id is not available.");

    public static ApiResponse QuotaExceeded(QuotaExceededException error) =>
        Of(409, "quota-exceeded", "Quota exceeded",
            $"The {error.Quota} quota of owner '{error.Owner}' allows {error.Limit}; {error.Used} in use.",
            new JsonObject { ["quota"] = error.Quota, ["limit"] = error.Limit, ["used"] = error.Used });

    public static ApiResponse WrongStatus(string id, string status, string action) =>
        Of(409, "wrong-status", "Wrong status", $"Environment '{id}' is {status}: {action}.",
            new JsonObject { ["environmentStatus"] = status });

    public static ApiResponse Conflict(string id) =>
        Of(409, "concurrent-update", "Concurrent update", $"Environment '{id}' was changed by another request at the same time; try again.");

    public static JsonArray Errors(IEnumerable<SpecError> errors) =>
        [.. errors.Select(e => (JsonNode)new JsonObject { ["pointer"] = e.Pointer, ["rule"] = e.Rule, ["value"] = e.Value?.DeepClone() })];
}
