using System.Text.Json.Nodes;

using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.History;
using Provisioner.StateMachine.Payload;
using Provisioner.StateMachine.States;

namespace Provisioner.StateMachine.Execution;

/// <summary>The frame around every state visit: entered event, the state's body, payload limit, exited event, variables.</summary>
internal static class StateRunner
{
    private static readonly HashSet<string> Abortable = new(StringComparer.Ordinal) { "Task", "Wait", "Parallel", "Map" };

    public static async Task<StateOutcome> RunAsync(ExecutionRun run, BranchFrame frame, State state, string opKey, OpReplay replay, JsonNode? input)
    {
        var visit = new StateVisit(run, frame, state, opKey, replay);
        var inputJson = input?.ToJsonString() ?? "null";
        var entered = visit.Emit(HistoryEventTypes.Entered(state.Type), new JsonObject
        {
            ["name"] = state.Name,
            ["input"] = inputJson,
            ["inputDetails"] = new JsonObject { ["truncated"] = false },
        });
        visit.EnteredTime = entered.Timestamp;

        StateOutcome outcome;
        try
        {
            outcome = await state.ExecuteAsync(visit, input).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (Abortable.Contains(state.Type) && run.StopReason != StopReason.Shutdown)
        {
            run.Journal.Append(HistoryEventTypes.Aborted(state.Type), frame.LastEventId, new JsonObject { ["name"] = state.Name }, opKey);
            throw;
        }

        var outputJson = outcome.Output?.ToJsonString() ?? "null";
        PayloadLimits.Check(outputJson, $"output of state '{state.Name}'");
        var exitDetails = new JsonObject
        {
            ["name"] = state.Name,
            ["output"] = outputJson,
            ["outputDetails"] = new JsonObject { ["truncated"] = false },
        };
        if (outcome.Assigned is { Count: > 0 } assigned)
        {
            var variables = new JsonObject();
            foreach (var (name, value) in assigned)
            {
                var json = value?.ToJsonString() ?? "null";
                PayloadLimits.Check(json, $"variable '{name}' assigned in state '{state.Name}'");
                variables[name] = json;
            }

            exitDetails["assignedVariables"] = variables;
            exitDetails["assignedVariablesDetails"] = new JsonObject { ["truncated"] = false };
            frame.Variables.AssignAll(assigned);
        }

        visit.Emit(HistoryEventTypes.Exited(state.Type), exitDetails, new JsonObject { ["next"] = outcome.Next });
        return outcome;
    }

    /// <summary>A visit finished before a restart: its recorded output, next state and variables stand.</summary>
    public static StateOutcome FromRecorded(HistoryEvent exited, BranchFrame frame)
    {
        frame.LastEventId = exited.Id;
        var details = exited.Details!;
        var output = JsonNode.Parse(details["output"]!.GetValue<string>());
        if (details["assignedVariables"] is JsonObject variables)
        {
            var values = variables.ToDictionary(v => v.Key, v => JsonNode.Parse(v.Value!.GetValue<string>()), StringComparer.Ordinal);
            frame.Variables.AssignAll(values);
        }

        return new StateOutcome(output, exited.Meta?["next"]?.GetValue<string>());
    }
}
