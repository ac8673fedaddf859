using System.Text.Json.Nodes;

using Provisioner.StateMachine.Definition;

namespace Provisioner.StateMachine.Execution;

/// <summary>Runs one line of states from StartAt until a state ends it; visits that finished before a restart are skipped.</summary>
internal static class BranchRunner
{
    public static async Task<JsonNode?> RunAsync(ExecutionRun run, StateMachineBody body, JsonNode? input, BranchFrame frame)
    {
        var stateName = body.StartAt;
        var data = input;
        while (true)
        {
            frame.Cancellation.ThrowIfCancellationRequested();
            var state = body.States[stateName];
            var opKey = frame.NextOpKey();
            var replay = run.Journal.ReplayFor(opKey);
            var outcome = replay.Completed is { } exited
                ? StateRunner.FromRecorded(exited, frame)
                : await StateRunner.RunAsync(run, frame, state, opKey, replay, data).ConfigureAwait(false);
            if (outcome.Next is null)
            {
                return outcome.Output;
            }

            data = outcome.Output;
            stateName = outcome.Next;
        }
    }
}
