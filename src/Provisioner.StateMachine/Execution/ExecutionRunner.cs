using System.Text.Json.Nodes;

using Provisioner.StateMachine.Definition;
using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.History;
using Provisioner.StateMachine.Payload;
using Provisioner.StateMachine.Variables;

namespace Provisioner.StateMachine.Execution;

/// <summary>Runs one execution to its end (from the start, or on from its recorded history) and records how it ended.</summary>
internal static class ExecutionRunner
{
    /// <param name="resumed">The history already holds ExecutionStarted (a restart or a redrive).</param>
    public static async Task<ExecutionResult> RunAsync(ExecutionRun run, StateMachineDefinition definition, bool resumed)
    {
        var journal = run.Journal;
        if (!resumed)
        {
            journal.Append(HistoryEventTypes.ExecutionStarted, 0, new JsonObject
            {
                ["input"] = run.Input?.ToJsonString() ?? "null",
                ["inputDetails"] = new JsonObject { ["truncated"] = false },
                ["roleArn"] = run.Identity.RoleArn,
            });
        }

        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(run.Cancellation);
        if (run.Deadline is { } deadline)
        {
            _ = WatchDeadlineAsync(run, deadline, watchdog.Token);
        }

        ExecutionResult result;
        try
        {
            var frame = new BranchFrame(string.Empty, new VariableScope(null), run.Cancellation) { LastEventId = journal.LastEventId };
            var output = await BranchRunner.RunAsync(run, definition.Body, run.Input, frame).ConfigureAwait(false);
            var outputJson = output?.ToJsonString() ?? "null";
            PayloadLimits.Check(outputJson, "execution output");
            journal.Append(HistoryEventTypes.ExecutionSucceeded, frame.LastEventId, new JsonObject
            {
                ["output"] = outputJson,
                ["outputDetails"] = new JsonObject { ["truncated"] = false },
            });
            result = new ExecutionResult(ExecutionStatus.Succeeded, outputJson, null, null);
        }
        catch (StatesFailureException e) when (!run.Cancellation.IsCancellationRequested)
        {
            var error = e.Error.Length == 0 ? null : e.Error;
            journal.Append(HistoryEventTypes.ExecutionFailed, journal.LastEventId, ErrorDetails(error, e.Cause));
            result = new ExecutionResult(ExecutionStatus.Failed, null, error, e.Cause);
        }
        catch (Exception e) when (run.Cancellation.IsCancellationRequested && e is OperationCanceledException or StatesFailureException)
        {
            result = RecordStop(run);
        }
        finally
        {
            await watchdog.CancelAsync().ConfigureAwait(false);
        }

        await journal.CommitAsync().ConfigureAwait(false);
        return result;
    }

    private static ExecutionResult RecordStop(ExecutionRun run)
    {
        if (run.StopReason == StopReason.Shutdown)
        {
            return new ExecutionResult(ExecutionStatus.Running, null, null, null);
        }

        if (run.StopReason == StopReason.TimedOut)
        {
            run.Journal.Append(HistoryEventTypes.ExecutionTimedOut, run.Journal.LastEventId, ErrorDetails(StatesErrorNames.Timeout, null));
            return new ExecutionResult(ExecutionStatus.TimedOut, null, StatesErrorNames.Timeout, null);
        }

        run.Journal.Append(HistoryEventTypes.ExecutionAborted, run.Journal.LastEventId, ErrorDetails(run.StopError, run.StopCause));
        return new ExecutionResult(ExecutionStatus.Aborted, null, run.StopError, run.StopCause);
    }

    private static JsonObject ErrorDetails(string? error, string? cause)
    {
        var details = new JsonObject();
        if (error is not null)
        {
            details["error"] = error;
        }

        if (cause is not null)
        {
            details["cause"] = cause;
        }

        return details;
    }

    private static async Task WatchDeadlineAsync(ExecutionRun run, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        try
        {
            await run.Clock.DelayUntilAsync(deadline, blocking: false, cancellationToken).ConfigureAwait(false);
            run.Stop(StopReason.TimedOut);
        }
        catch (OperationCanceledException)
        {
            // The execution ended first.
        }
    }
}
