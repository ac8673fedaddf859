using System.Text.Json.Nodes;

using Provisioner.StateMachine.Definition;
using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.History;
using Provisioner.StateMachine.Payload;

namespace Provisioner.StateMachine.States;

/// <summary>Parallel: every branch gets the effective input; the result is the array of branch outputs in branch order.</summary>
internal sealed record ParallelState : ExecutionState
{
    public override string Type => "Parallel";

    public required IReadOnlyList<StateMachineBody> Branches { get; init; }

    public PayloadTemplate? Parameters { get; init; }

    protected override async Task<JsonNode?> RunAsync(StateVisit visit, JsonNode? effective, int attempt)
    {
        var branchInput = Parameters is null ? effective : Parameters.Evaluate(visit.Paths(effective));
        visit.Emit(HistoryEventTypes.ParallelStateStarted, null);
        var outputs = new JsonNode?[Branches.Count];
        await JournalFanOutAsync(visit, HistoryEventTypes.ParallelStateSucceeded, HistoryEventTypes.ParallelStateFailed, () =>
            ForkJoin.RunAsync(visit.Run, Branches.Count, async (i, cancellation) =>
            {
                var frame = visit.Frame.Child($"{visit.OpKey}@{attempt}/b{i}", cancellation);
                outputs[i] = await BranchRunner.RunAsync(visit.Run, Branches[i], branchInput?.DeepClone(), frame).ConfigureAwait(false);
            }, visit.Cancellation)).ConfigureAwait(false);
        return new JsonArray(outputs);
    }
}
