using System.Text.Json.Nodes;

using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.History;
using Provisioner.StateMachine.Payload;
using Provisioner.StateMachine.States;
using Provisioner.StateMachine.Variables;

namespace Provisioner.StateMachine.Retry;

/// <summary>Retry and Catch, written once for Task, Parallel and Map.</summary>
internal static class ErrorHandler
{
    /// <param name="attempt">Runs one attempt; receives the attempt number (0 first) for keying child branches.</param>
    public static async Task<StateOutcome> RunAsync(
        StateVisit visit,
        IReadOnlyList<Retrier> retriers,
        IReadOnlyList<Catcher> catchers,
        JsonNode? rawInput,
        Func<int, Task<StateOutcome>> attempt)
    {
        var retriesPerRetrier = new int[retriers.Count];
        for (var attemptNumber = 0; ; attemptNumber++)
        {
            StatesFailureException failure;
            try
            {
                return await attempt(attemptNumber).ConfigureAwait(false);
            }
            catch (StatesFailureException e) when (!visit.Cancellation.IsCancellationRequested)
            {
                failure = e;
            }

            var retrierIndex = IndexOfMatch(retriers, failure.Error);
            if (retrierIndex >= 0 && retriesPerRetrier[retrierIndex] < retriers[retrierIndex].MaxAttempts)
            {
                var due = ScheduleRetry(visit, retriers[retrierIndex], retriesPerRetrier[retrierIndex]);
                retriesPerRetrier[retrierIndex]++;
                visit.RetryCount++;
                await visit.WaitUntilAsync(due).ConfigureAwait(false);
                continue;
            }

            var catcher = catchers.FirstOrDefault(c => c.Matches(failure.Error));
            if (catcher is null)
            {
                throw failure;
            }

            var errorOutput = new JsonObject { ["Error"] = failure.Error };
            if (failure.Cause is not null)
            {
                errorOutput["Cause"] = failure.Cause;
            }

            var assigned = AssignEvaluator.Evaluate(catcher.Assign, visit.Paths(errorOutput));
            var output = DataFlow.ApplyResultPath(catcher.ResultPath, rawInput, errorOutput);
            return new StateOutcome(output, catcher.Next, assigned);
        }
    }

    private static int IndexOfMatch(IReadOnlyList<Retrier> retriers, string error)
    {
        for (var i = 0; i < retriers.Count; i++)
        {
            if (retriers[i].Matches(error))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The retry's due time is recorded, so a restart waits only the time left (jitter included).</summary>
    private static DateTimeOffset ScheduleRetry(StateVisit visit, Retrier retrier, int retriesSoFar)
    {
        if (visit.Replay.TryTake(HistoryEventTypes.RetryScheduled, out var recorded))
        {
            return DateTimeOffset.Parse(recorded.Meta!["due"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var due = visit.Run.Clock.UtcNow + retrier.DelayBefore(retriesSoFar, visit.Run.Jitter);
        visit.Run.Journal.Append(HistoryEventTypes.RetryScheduled, visit.Frame.LastEventId, null, visit.OpKey,
            new JsonObject { ["due"] = due.ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
        return due;
    }
}
