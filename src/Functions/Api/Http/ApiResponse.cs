using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioner.Functions.Api.Http;

/// <summary>One HTTP response, host-neutral.</summary>
public sealed record ApiResponse
{
    public const string Json = "application/json";
    public const string ProblemJson = "application/problem+json";

    public required int Status { get; init; }

    public string ContentType { get; init; } = Json;

    public ReadOnlyMemory<byte> Body { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public static ApiResponse Of(int status, JsonNode body, string contentType = Json) => new()
    {
        Status = status,
        ContentType = contentType,
        Body = Serialize(body),
    };

    public ApiResponse WithHeader(string name, string value) =>
        this with { Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase) { [name] = value } };

    /// <summary>The body as text (tests and the SSE host read it).</summary>
    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    private static byte[] Serialize(JsonNode body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            body.WriteTo(writer);
        }
        return buffer.ToArray();
    }
}
