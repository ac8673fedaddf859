using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioner.StateMachine.Json;

/// <summary>JSON helpers for definition errors (pointers themselves are <see cref="Provisioner.Core.Json.JsonPointer"/>).</summary>
internal static class Pointers
{
    public static bool IsString(JsonNode? node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        value = string.Empty;
        return false;
    }
}
