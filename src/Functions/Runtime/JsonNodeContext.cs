using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Provisioner.Functions.Runtime;

/// <summary>Source-generated metadata for writing handler outputs (JsonNode, possibly null).</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonNodeContext : JsonSerializerContext;
