using System.Text.Json.Nodes;

namespace Provisioner.Core.Spec;

/// <summary>
/// The deployment's network, given to a spec that names none (the ValidateSpec step, the API and
/// <c>provisioner validate --default-vpc-id</c> apply it the same way, before the validator sees the spec).
/// </summary>
public sealed record DefaultNetwork(string VpcId, IReadOnlyList<string> SubnetIds)
{
    /// <summary>A default network from a deployment's settings, or null when they do not name one completely.</summary>
    public static DefaultNetwork? From(string? vpcId, IReadOnlyList<string>? subnetIds) =>
        vpcId is { Length: > 0 } && subnetIds is { Count: > 0 } ? new DefaultNetwork(vpcId, subnetIds) : null;

    /// <summary>
    /// <paramref name="spec"/> with this network when it is a JSON object without <c>network</c> (changed in
    /// place); anything else unchanged, so the validator reports it as it is.
    /// </summary>
    public JsonNode? ApplyTo(JsonNode? spec)
    {
        if (spec is JsonObject document && !document.ContainsKey("network"))
        {
            document["network"] = new JsonObject
            {
                ["vpcId"] = VpcId,
                ["subnetIds"] = new JsonArray([.. SubnetIds.Select(s => (JsonNode?)JsonValue.Create(s))]),
            };
        }
        return spec;
    }
}
