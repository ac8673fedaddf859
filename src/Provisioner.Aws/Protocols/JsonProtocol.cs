using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Provisioner.Aws.Protocols;

/// <summary>
/// AWS JSON 1.0/1.1: <c>POST /</c> with <c>X-Amz-Target: &lt;prefix&gt;.&lt;Action&gt;</c> and a JSON body.
/// Bodies are written with <see cref="Utf8JsonWriter"/> and read with <see cref="JsonDocument"/>: explicit wire
/// names, no reflection, trim/AOT clean.
/// </summary>
internal sealed class JsonProtocol(AwsTransport transport, AwsService service, string targetPrefix, string jsonVersion)
{
    public Task<JsonElement> CallAsync(string action, Action<Utf8JsonWriter> writeBody, CancellationToken cancellationToken)
    {
        var body = JsonBody.Write(writeBody);
        return transport.SendAsync(
            service,
            action,
            endpoint =>
            {
                var message = new HttpRequestMessage(HttpMethod.Post, AwsTransport.Combine(endpoint, "/"))
                {
                    Content = new ByteArrayContent(body),
                };
                message.Headers.TryAddWithoutValidation("X-Amz-Target", $"{targetPrefix}.{action}");
                message.Content.Headers.ContentType = new MediaTypeHeaderValue($"application/x-amz-json-{jsonVersion}");
                return message;
            },
            JsonBody.Parse,
            cancellationToken);
    }
}

internal static class JsonBody
{
    public static byte[] Write(Action<Utf8JsonWriter> writeMembers)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static JsonElement Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return Empty;
        }
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }

    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement.Clone();

    public static void StringIfSet(this Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    public static void NumberIfSet(this Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    public static void NumberIfSet(this Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    public static void BoolIfSet(this Utf8JsonWriter writer, string name, bool? value)
    {
        if (value is { } v)
        {
            writer.WriteBoolean(name, v);
        }
    }

    public static void StringArrayIfSet(this Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }

    public static void MapIfSet(this Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string>? map)
    {
        if (map is null)
        {
            return;
        }
        writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            writer.WriteString(key, value);
        }
        writer.WriteEndObject();
    }

    /// <summary>Tags as <c>[{"Key":..,"Value":..}]</c> (names vary by service: ACM <c>Key</c>, Step Functions <c>key</c>).</summary>
    public static void KeyValueArrayIfSet(this Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string>? map, string keyName, string valueName)
    {
        if (map is null)
        {
            return;
        }
        writer.WriteStartArray(name);
        foreach (var (key, value) in map)
        {
            writer.WriteStartObject();
            writer.WriteString(keyName, key);
            writer.WriteString(valueName, value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
