using System.Text.Json.Nodes;

using Provisioner.StateMachine.Definition;
using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.History;
using Provisioner.StateMachine.Payload;
using Provisioner.StateMachine.Retry;

namespace Provisioner.StateMachine.States;

/// <summary>Parallel: every branch gets the effective input; the result is the array of branch outputs in branch order.</summary>
internal sealed record ParallelState : State
{
    public override string Type => "Parallel";

    public required IReadOnlyList<StateMachineBody> Branches { get; init; }

    public PayloadTemplate? Parameters { get; init; }

    public PayloadTemplate? ResultSelector { get; init; }

    public DataPath ResultPath { get; init; } = DataPath.Root;

    public IReadOnlyList<Retrier> Retry { get; init; } = [];

    public IReadOnlyList<Catcher> Catch { get; init; } = [];

    public override Task<StateOutcome> ExecuteAsync(StateVisit visit, JsonNode? rawInput)
    {
        var effective = DataFlow.ApplyInputPath(InputPath, visit.Paths(rawInput));
        return ErrorHandler.RunAsync(visit, Retry, Catch, rawInput, async attempt =>
        {
            var branchInput = Parameters is null ? effective : Parameters.Evaluate(visit.Paths(effective));
            visit.Emit(HistoryEventTypes.ParallelStateStarted, null);
            var outputs = new JsonNode?[Branches.Count];
            try
            {
                await ForkJoin.RunAsync(visit.Run, Branches.Count, async (i, cancellation) =>
                {
                    var frame = visit.Frame.Child($"{visit.OpKey}@{attempt}/b{i}", cancellation);
                    outputs[i] = await BranchRunner.RunAsync(visit.Run, Branches[i], branchInput?.DeepClone(), frame).ConfigureAwait(false);
                }, visit.Cancellation).ConfigureAwait(false);
            }
            catch (StatesFailureException e)
            {
                var details = new JsonObject { ["error"] = e.Error };
                if (e.Cause is not null)
                {
                    details["cause"] = e.Cause;
                }

                visit.Run.Journal.Append(HistoryEventTypes.ParallelStateFailed, visit.Frame.LastEventId, details, visit.OpKey);
                throw;
            }

            visit.Run.Journal.Append(HistoryEventTypes.ParallelStateSucceeded, visit.Frame.LastEventId, null, visit.OpKey);
            var result = new JsonArray(outputs);
            var selected = ResultSelector is null ? result : ResultSelector.Evaluate(visit.Paths(result));
            var assigned = EvaluateAssign(visit, selected);
            var combined = DataFlow.ApplyResultPath(ResultPath, rawInput, selected);
            return new StateOutcome(DataFlow.ApplyOutputPath(OutputPath, visit.Paths(combined)), Next, assigned);
        });
    }
}
