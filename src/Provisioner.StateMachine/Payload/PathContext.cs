using System.Text.Json.Nodes;

using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.Intrinsics;
using Provisioner.StateMachine.JsonPath;
using Provisioner.StateMachine.Variables;

namespace Provisioner.StateMachine.Payload;

/// <summary>What a path can see while a state runs: <c>$</c> (the current data), <c>$$</c> (built on demand) and the variables.</summary>
internal sealed class PathContext(JsonNode? data, Func<JsonNode> contextObject, VariableScope variables, IntrinsicEnvironment intrinsics)
{
    private JsonNode? _context;

    public JsonNode? Data { get; } = data;

    public VariableScope Variables { get; } = variables;

    public IntrinsicEnvironment Intrinsics { get; } = intrinsics;

    public JsonNode ContextObject => _context ??= contextObject();

    public PathContext WithData(JsonNode? data) => new(data, () => ContextObject, Variables, Intrinsics);

    /// <summary>Resolves a path or reports why not; <paramref name="value"/> is live (clone before embedding).</summary>
    public bool TrySelect(JsonPathExpression path, out JsonNode? value)
    {
        JsonNode? start;
        switch (path.Root)
        {
            case JsonPathRootKind.Context:
                start = ContextObject;
                break;
            case JsonPathRootKind.Variable:
                if (!Variables.TryGet(path.VariableName!, out start))
                {
                    throw new StatesFailureException(StatesErrorNames.Runtime, $"The variable '${path.VariableName}' is not defined (in '{path.Text}').");
                }

                break;
            default:
                start = Data;
                break;
        }

        return path.TrySelect(start, out value);
    }

    /// <summary>Resolves a path that must match; <paramref name="describe"/> words the States.Runtime cause.</summary>
    public JsonNode? Select(JsonPathExpression path, Func<string> describe) =>
        TrySelect(path, out var value)
            ? value
            : throw new StatesFailureException(StatesErrorNames.Runtime, describe());

    public JsonNode? Evaluate(IntrinsicCall call)
    {
        var args = new List<JsonNode?>(call.Arguments.Count);
        foreach (var argument in call.Arguments)
        {
            args.Add(argument switch
            {
                LiteralArgument literal => literal.Value,
                PathArgument p => Select(p.Path, () => $"The JsonPath argument '{p.Path.Text}' of {call.Name} could not be found in the input '{Data?.ToJsonString() ?? "null"}'."),
                CallArgument nested => Evaluate(nested.Call),
                _ => throw new InvalidOperationException("Unknown argument kind."),
            });
        }

        return IntrinsicFunctions.Invoke(call.Name, args, Intrinsics);
    }
}
