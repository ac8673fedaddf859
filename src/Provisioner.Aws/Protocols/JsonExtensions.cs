using System.Text.Json;

namespace Provisioner.Aws.Protocols;

/// <summary>Reads of AWS JSON answers. Missing members and JSON null both read as null.</summary>
internal static class JsonExtensions
{
    public static JsonElement? Member(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string? String(this JsonElement element, string name) =>
        element.Member(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static string RequiredString(this JsonElement element, string name) =>
        element.String(name) ?? throw new FormatException($"AWS answer lacks \"{name}\".");

    public static int? Int(this JsonElement element, string name) =>
        element.Member(name) is { ValueKind: JsonValueKind.Number } value ? value.GetInt32() : null;

    public static long? Long(this JsonElement element, string name) =>
        element.Member(name) is { ValueKind: JsonValueKind.Number } value ? value.GetInt64() : null;

    public static bool? Bool(this JsonElement element, string name) =>
        element.Member(name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value ? value.GetBoolean() : null;

    /// <summary>A timestamp shape: epoch seconds (fractional) as AWS JSON sends it; ISO 8601 text is accepted too.</summary>
    public static DateTimeOffset? Timestamp(this JsonElement element, string name) => element.Member(name) switch
    {
        { ValueKind: JsonValueKind.Number } value => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(value.GetDouble() * 1000)),
        { ValueKind: JsonValueKind.String } value => DateTimeOffset.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal),
        _ => null,
    };

    /// <summary>A long holding epoch milliseconds (CloudWatch Logs' creationTime, from, to).</summary>
    public static DateTimeOffset? EpochMilliseconds(this JsonElement element, string name) =>
        element.Long(name) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    public static IEnumerable<JsonElement> Array(this JsonElement element, string name) =>
        element.Member(name) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray() : [];

    public static IReadOnlyList<string> StringArray(this JsonElement element, string name) =>
        element.Array(name).Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();
}
