using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Provisioner.Aws.Protocols;

/// <summary>REST-JSON (EventBridge Scheduler): the operation is the method and path; members go to the URI, query string or JSON body.</summary>
internal sealed class RestJsonProtocol(AwsTransport transport, AwsService service)
{
    public Task<JsonElement> CallAsync(
        string action,
        HttpMethod method,
        string path,
        IReadOnlyList<KeyValuePair<string, string?>>? query,
        Action<Utf8JsonWriter>? writeBody,
        CancellationToken cancellationToken)
    {
        var pathAndQuery = path + QueryString(query);
        var body = writeBody is null ? null : JsonBody.Write(writeBody);
        return transport.SendAsync(
            service,
            action,
            endpoint =>
            {
                var message = new HttpRequestMessage(method, AwsTransport.Combine(endpoint, pathAndQuery));
                if (body is not null)
                {
                    message.Content = new ByteArrayContent(body);
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                }
                return message;
            },
            JsonBody.Parse,
            cancellationToken);
    }

    /// <summary>A URI label: every character outside RFC 3986's unreserved set percent-encoded.</summary>
    public static string Label(string value) => Uri.EscapeDataString(value);

    private static string QueryString(IReadOnlyList<KeyValuePair<string, string?>>? query)
    {
        if (query is null)
        {
            return "";
        }
        var builder = new StringBuilder();
        foreach (var (key, value) in query)
        {
            if (value is null)
            {
                continue;
            }
            builder.Append(builder.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return builder.ToString();
    }
}
