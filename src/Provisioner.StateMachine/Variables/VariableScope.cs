using System.Text.Json.Nodes;

namespace Provisioner.StateMachine.Variables;

/// <summary>
/// Workflow variables of one scope: the execution, or one Parallel branch / Map iteration, which
/// reads its outer scopes but whose own assignments stay inside it (as AWS scopes them).
/// </summary>
internal sealed class VariableScope(VariableScope? parent)
{
    private readonly Dictionary<string, JsonNode?> _values = new(StringComparer.Ordinal);

    public VariableScope? Parent { get; } = parent;

    public bool TryGet(string name, out JsonNode? value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._values.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Sets all values at once: every Assign expression was evaluated against the values before the state.</summary>
    public void AssignAll(IReadOnlyDictionary<string, JsonNode?> values)
    {
        foreach (var (name, value) in values)
        {
            _values[name] = value;
        }
    }
}
