using System.Text.Json.Nodes;

using Provisioner.Core.Time;
using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.Json;
using Provisioner.StateMachine.JsonPath;
using Provisioner.StateMachine.Payload;

namespace Provisioner.StateMachine.States;

/// <summary>Wait: Seconds, SecondsPath, Timestamp or TimestampPath, measured from the recorded entered time.</summary>
internal sealed record WaitState : State
{
    public override string Type => "Wait";

    public long? Seconds { get; init; }

    public JsonPathExpression? SecondsPath { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public JsonPathExpression? TimestampPath { get; init; }

    public override async Task<StateOutcome> ExecuteAsync(StateVisit visit, JsonNode? rawInput)
    {
        var effective = DataFlow.ApplyInputPath(InputPath, visit.Paths(rawInput));
        var paths = visit.Paths(effective);
        var due = Seconds is { } s ? visit.EnteredTime.AddSeconds(s)
            : Timestamp is { } t ? t
            : SecondsPath is { } sp ? visit.EnteredTime.AddSeconds(ResolveSeconds(paths, sp))
            : ResolveTimestamp(paths, TimestampPath!);
        await visit.WaitUntilAsync(due).ConfigureAwait(false);
        var assigned = EvaluateAssign(visit, effective);
        var output = DataFlow.ApplyOutputPath(OutputPath, paths);
        return new StateOutcome(output, Next, assigned);
    }

    private static long ResolveSeconds(PathContext paths, JsonPathExpression path)
    {
        var value = paths.Select(path, () => $"Invalid path '{path.Text}' : No results for path: {path.Text}");
        return JsonNumbers.TryInteger(value, out var seconds) && seconds >= 0
            ? seconds
            : throw new StatesFailureException(StatesErrorNames.Runtime,
                $"The SecondsPath parameter does not reference a valid value: '{path.Text}' must be a non-negative integer, got {value?.ToJsonString() ?? "null"}.");
    }

    private static DateTimeOffset ResolveTimestamp(PathContext paths, JsonPathExpression path)
    {
        var value = paths.Select(path, () => $"Invalid path '{path.Text}' : No results for path: {path.Text}");
        return Pointers.IsString(value, out var text) && Rfc3339.TryParse(text, out var time)
            ? time
            : throw new StatesFailureException(StatesErrorNames.Runtime,
                $"The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {value?.ToJsonString() ?? "null"}.");
    }
}
