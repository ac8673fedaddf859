using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Provisioner.Functions.Api.Registry;

/// <summary>The mapping between <see cref="EnvironmentRecord"/> and its DynamoDB item (times as ISO 8601 UTC strings).</summary>
internal static class RegistryItem
{
    public static Dictionary<string, AttributeValue> ToItem(EnvironmentRecord record)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            ["environmentId"] = new(record.EnvironmentId),
            ["owner"] = new(record.Owner),
            ["status"] = new(record.Status),
            ["generation"] = new() { N = record.Generation.ToString(CultureInfo.InvariantCulture) },
            ["spec"] = new(record.Spec),
            ["scalingMax"] = new() { N = record.ScalingMax.ToString(CultureInfo.InvariantCulture) },
            ["executionName"] = new(record.ExecutionName),
            ["createdAt"] = new(Time(record.CreatedAt)),
            ["updatedAt"] = new(Time(record.UpdatedAt)),
            ["version"] = new() { N = record.Version.ToString(CultureInfo.InvariantCulture) },
        };
        Optional(item, "statusReason", record.StatusReason);
        Optional(item, "executionArn", record.ExecutionArn);
        Optional(item, "resources", record.Resources);
        Optional(item, "url", record.Url);
        Optional(item, "currentStep", record.CurrentStep);
        Optional(item, "expiresAt", record.ExpiresAt is { } expires ? Time(expires) : null);
        Optional(item, "startAt", record.StartAt is { } startAt ? Time(startAt) : null);
        Optional(item, "deleteReason", record.DeleteReason);
        if (record.Error is { } error)
        {
            var map = new Dictionary<string, AttributeValue> { ["error"] = new(error.Error) };
            Optional(map, "cause", error.Cause);
            item["error"] = new() { M = map };
        }
        return item;
    }

    public static EnvironmentRecord ToRecord(Dictionary<string, AttributeValue> item) => new()
    {
        EnvironmentId = Text(item, "environmentId")!,
        Owner = Text(item, "owner")!,
        Status = Text(item, "status")!,
        StatusReason = Text(item, "statusReason"),
        Generation = (int)Long(item, "generation"),
        Spec = Text(item, "spec")!,
        ScalingMax = (int)Long(item, "scalingMax"),
        ExecutionName = Text(item, "executionName")!,
        ExecutionArn = Text(item, "executionArn"),
        Resources = Text(item, "resources"),
        Url = Text(item, "url"),
        CurrentStep = Text(item, "currentStep"),
        CreatedAt = ParseTime(Text(item, "createdAt")!),
        UpdatedAt = ParseTime(Text(item, "updatedAt")!),
        ExpiresAt = Text(item, "expiresAt") is { } expires ? ParseTime(expires) : null,
        StartAt = Text(item, "startAt") is { } startAt ? ParseTime(startAt) : null,
        DeleteReason = Text(item, "deleteReason"),
        Error = item.TryGetValue("error", out var error) && error.M is { } map
            ? new ExecutionError(Text(map, "error") ?? "", Text(map, "cause"))
            : null,
        Version = Long(item, "version"),
    };

    private static void Optional(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = new(value);
        }
    }

    private static string? Text(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    private static long Long(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : 0;

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
