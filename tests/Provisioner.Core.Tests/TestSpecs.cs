using System.Text.Json.Nodes;

namespace Provisioner.Core.Tests;

/// <summary>Spec documents for tests: a minimal valid one, and edits of it addressed by JSON pointer.</summary>
internal static class TestSpecs
{
    public const string Minimal = """
        {
          "environmentId": "shop-dev",
          "source": { "instanceId": "i-0abc12345def67890" },
          "network": { "vpcId": "vpc-0a1b2c3d4e5f67890", "subnetIds": ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"] }
        }
        """;

    public static JsonObject MinimalNode() => JsonNode.Parse(Minimal)!.AsObject();

    /// <summary>Minimal spec with the value at <paramref name="pointer"/> set (intermediate objects created), or removed when <paramref name="json"/> is null.</summary>
    public static JsonObject With(string pointer, string? json) => With(MinimalNode(), pointer, json);

    public static JsonObject With(JsonObject document, string pointer, string? json)
    {
        var tokens = pointer.Split('/')[1..].Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        JsonNode parent = document;
        foreach (var token in tokens[..^1])
        {
            if (parent is JsonArray array)
            {
                parent = array[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)]!;
                continue;
            }
            var obj = parent.AsObject();
            if (obj[token] is not JsonObject and not JsonArray)
            {
                obj[token] = new JsonObject();
            }
            parent = obj[token]!;
        }
        var last = tokens[^1];
        var value = json is null ? null : JsonNode.Parse(json);
        if (parent is JsonArray list)
        {
            list[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else if (json is null)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent.AsObject()[last] = value;
        }
        return document;
    }
}
