using System.Text.Json.Nodes;

using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.Json;
using Provisioner.StateMachine.JsonPath;
using Provisioner.StateMachine.Payload;
using Provisioner.StateMachine.Tasks;

namespace Provisioner.StateMachine.States;

/// <summary>Task: InputPath, Parameters, invoke the Resource (with Retry, Catch, TimeoutSeconds), ResultSelector, Assign, ResultPath, OutputPath.</summary>
internal sealed record TaskState : ExecutionState
{
    public override string Type => "Task";

    public required string Resource { get; init; }

    public PayloadTemplate? Parameters { get; init; }

    public long? TimeoutSeconds { get; init; }

    public JsonPathExpression? TimeoutSecondsPath { get; init; }

    public long? HeartbeatSeconds { get; init; }

    public JsonPathExpression? HeartbeatSecondsPath { get; init; }

    protected override Task<JsonNode?> RunAsync(StateVisit visit, JsonNode? effective, int attempt)
    {
        var paths = visit.Paths(effective);
        var parameters = Parameters is null ? effective : Parameters.Evaluate(paths);
        var timeout = TimeoutSeconds ?? PositiveSeconds(paths, TimeoutSecondsPath, "TimeoutSecondsPath");
        var heartbeat = HeartbeatSeconds ?? PositiveSeconds(paths, HeartbeatSecondsPath, "HeartbeatSecondsPath");
        return TaskInvocation.InvokeAsync(visit, Resource, parameters, timeout, heartbeat);
    }

    private static long? PositiveSeconds(PathContext paths, JsonPathExpression? path, string field)
    {
        if (path is null)
        {
            return null;
        }

        var value = paths.Select(path, () => $"Invalid path '{path.Text}' for {field} : No results for path: {path.Text}");
        return JsonNumbers.TryInteger(value, out var seconds) && seconds > 0
            ? seconds
            : throw new StatesFailureException(StatesErrorNames.Runtime,
                $"The {field} parameter must reference a positive integer, got {value?.ToJsonString() ?? "null"}.");
    }
}
