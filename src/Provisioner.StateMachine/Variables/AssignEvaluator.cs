using System.Text.Json.Nodes;

using Provisioner.StateMachine.Payload;

namespace Provisioner.StateMachine.Variables;

/// <summary>Evaluates an Assign block to name/value pairs without setting anything yet.</summary>
internal static class AssignEvaluator
{
    public static IReadOnlyDictionary<string, JsonNode?>? Evaluate(PayloadTemplate? assign, PathContext paths)
    {
        if (assign is null)
        {
            return null;
        }

        var values = assign.Evaluate(paths) as JsonObject ?? [];
        var result = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            result[name] = value?.DeepClone();
        }

        return result;
    }
}
