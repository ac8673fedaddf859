using System.Text.Json;
using System.Text.Json.Nodes;

using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.Storage;
using Provisioner.StateMachine.Tasks;

namespace Provisioner.StateMachine.Engine;

public sealed partial class StateMachineEngine
{
    /// <summary>
    /// <c>arn:aws:states:::states:startExecution.sync[:2]</c>, run natively: start the child on this
    /// engine and wait. Output as AWS returns it (":2" parses Input/Output as JSON); a child that
    /// does not succeed fails the task with States.TaskFailed and the child's description as cause.
    /// </summary>
    private sealed class ChildExecutions(StateMachineEngine engine) : IChildExecutionLauncher
    {
        public async Task<JsonNode?> RunChildAsync(string resource, JsonNode? parameters, ExecutionRun parent, string callerKey, CancellationToken cancellationToken)
        {
            var request = parameters as JsonObject
                ?? throw new StatesFailureException(StatesErrorNames.Runtime, "startExecution parameters must be an object with StateMachineArn.");
            var stateMachineArn = request["StateMachineArn"] is JsonValue arnValue && arnValue.GetValueKind() == JsonValueKind.String
                ? arnValue.GetValue<string>()
                : throw new StatesFailureException(StatesErrorNames.Runtime, "startExecution parameters need a string StateMachineArn.");
            var input = request["Input"] switch
            {
                null => "{}",
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                var node => node.ToJsonString(),
            };
            var name = request["Name"]?.GetValue<string>() ?? Names.ChildExecutionName(parent.Identity.Name, callerKey);

            ExecutionRecord final;
            try
            {
                final = await StartOrJoinAsync(stateMachineArn, name, input, cancellationToken).ConfigureAwait(false);
            }
            catch (StepFunctionsException e)
            {
                throw new StatesFailureException($"StepFunctions.{e.ErrorCode}Exception", e.Message);
            }

            var description = Describe(final, parseJson: resource == TaskResource.StartExecutionSync2);
            if (final.Status != ExecutionStatus.Succeeded)
            {
                throw new StatesFailureException(StatesErrorNames.TaskFailed, description.ToJsonString());
            }

            return description;
        }

        private async Task<ExecutionRecord> StartOrJoinAsync(string stateMachineArn, string name, string input, CancellationToken cancellationToken)
        {
            var stateMachine = await engine.DescribeStateMachineAsync(stateMachineArn).ConfigureAwait(false);
            var arn = Names.ExecutionArn(engine._options, stateMachine.Name, name);
            if (await engine._store.GetExecutionAsync(arn).ConfigureAwait(false) is { } existing)
            {
                // A restarted parent re-runs the task: join the child it started before the crash.
                if (!engine._running.TryGetValue(arn, out var joined))
                {
                    return existing;
                }

                var waiting = engine._clock.Current;
                waiting?.Suspend();
                try
                {
                    return await AwaitChildAsync(joined, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    waiting?.Resume();
                }
            }

            // The child runs on the parent task's hold, which comes back when the child ends.
            var started = await engine.StartAsync(stateMachineArn, name, input, engine._clock.Current).ConfigureAwait(false);
            return await AwaitChildAsync(started, cancellationToken).ConfigureAwait(false);
        }

        private static async Task<ExecutionRecord> AwaitChildAsync(RunningExecution child, CancellationToken cancellationToken)
        {
            // Stopping the parent stops the child, as Step Functions does for .sync integrations.
            using var stop = cancellationToken.Register(() => child.Run.Stop(StopReason.Aborted));
            return await child.Completion.ConfigureAwait(false);
        }

        private static JsonObject Describe(ExecutionRecord execution, bool parseJson)
        {
            JsonNode? Data(string? json) => json is null ? null : parseJson ? JsonNode.Parse(json) : JsonValue.Create(json);
            var description = new JsonObject
            {
                ["ExecutionArn"] = execution.Arn,
                ["Input"] = Data(execution.Input),
                ["InputDetails"] = new JsonObject { ["Included"] = true },
                ["Name"] = execution.Name,
                ["StartDate"] = execution.StartDate.ToUnixTimeMilliseconds(),
                ["StateMachineArn"] = execution.StateMachineArn,
                ["Status"] = execution.Status,
                ["StopDate"] = execution.StopDate?.ToUnixTimeMilliseconds(),
            };
            if (execution.Status == ExecutionStatus.Succeeded)
            {
                description["Output"] = Data(execution.Output);
                description["OutputDetails"] = new JsonObject { ["Included"] = true };
            }
            else
            {
                description["Error"] = execution.Error;
                description["Cause"] = execution.Cause;
            }

            return description;
        }
    }
}
