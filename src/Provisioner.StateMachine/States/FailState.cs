using System.Text.Json;
using System.Text.Json.Nodes;

using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.JsonPath;

namespace Provisioner.StateMachine.States;

/// <summary>Fail: ends its branch with Error and Cause (literal or from ErrorPath/CausePath, which may be intrinsics).</summary>
internal sealed record FailState : State
{
    public override string Type => "Fail";

    public string? Error { get; init; }

    public string? Cause { get; init; }

    public JsonPathExpression? ErrorPath { get; init; }

    public JsonPathExpression? CausePath { get; init; }

    public Intrinsics.IntrinsicCall? ErrorCall { get; init; }

    public Intrinsics.IntrinsicCall? CauseCall { get; init; }

    public override Task<StateOutcome> ExecuteAsync(StateVisit visit, JsonNode? rawInput)
    {
        var paths = visit.Paths(rawInput);
        var error = Error ?? Resolve(paths, ErrorPath, ErrorCall, "ErrorPath");
        var cause = Cause ?? Resolve(paths, CausePath, CauseCall, "CausePath");
        throw new StatesFailureException(error ?? string.Empty, cause);
    }

    private static string? Resolve(Payload.PathContext paths, JsonPathExpression? path, Intrinsics.IntrinsicCall? call, string field)
    {
        var value = call is not null
            ? paths.Evaluate(call)
            : path is not null
                ? paths.Select(path, () => $"Invalid path '{path.Text}' for {field}: no results.")
                : null;
        return value switch
        {
            null when path is null && call is null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => throw new StatesFailureException(StatesErrorNames.Runtime, $"The {field} of the Fail state must resolve to a string."),
        };
    }
}
