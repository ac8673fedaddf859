using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioner.StateMachine.Json;

/// <summary>RFC 6901 JSON pointer helpers for definition errors.</summary>
internal static class Pointers
{
    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

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
