using System.Text.Json.Nodes;

using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.History;
using Provisioner.StateMachine.Payload;
using Provisioner.StateMachine.Timing;

namespace Provisioner.StateMachine.Tasks;

/// <summary>
/// One attempt of a Task: scheduled, started, then succeeded, failed or timed out, each recorded.
/// Resuming finds a recorded outcome and does not invoke again; an attempt that was in flight is
/// invoked again with its recorded input (at least once, as on AWS).
/// </summary>
internal static class TaskInvocation
{
    public static async Task<JsonNode?> InvokeAsync(StateVisit visit, string resourceArn, JsonNode? parameters, long? timeoutSeconds, long? heartbeatSeconds)
    {
        var resource = TaskResource.Parse(resourceArn);
        var events = EventNames.For(resource);
        var parametersJson = parameters?.ToJsonString() ?? "null";
        JsonObject scheduledDetails = resource.IsLambdaFunction
            ? new JsonObject { ["resource"] = resource.Arn, ["input"] = parametersJson, ["inputDetails"] = new JsonObject { ["truncated"] = false } }
            : new JsonObject
            {
                ["resourceType"] = resource.ResourceType,
                ["resource"] = resource.ResourceName,
                ["region"] = resource.Region ?? visit.Run.Region,
                ["parameters"] = parametersJson,
            };
        if (timeoutSeconds is { } timeout)
        {
            scheduledDetails["timeoutInSeconds"] = timeout;
        }

        if (heartbeatSeconds is { } heartbeat && !resource.IsLambdaFunction)
        {
            scheduledDetails["heartbeatInSeconds"] = heartbeat;
        }

        var scheduled = visit.Emit(events.Scheduled, scheduledDetails);
        var recordedInput = scheduled.Details?[resource.IsLambdaFunction ? "input" : "parameters"]?.GetValue<string>();
        var input = recordedInput is null ? parameters : JsonNode.Parse(recordedInput);

        // Durability barrier: every transition so far is committed before the task starts.
        await visit.Run.Journal.CommitAsync().ConfigureAwait(false);
        visit.Emit(events.Started, resource.IsLambdaFunction ? null : new JsonObject { ["resourceType"] = resource.ResourceType, ["resource"] = resource.ResourceName });

        if (visit.Replay.TryTakeAny(out var outcome, events.Succeeded, events.Failed, events.TimedOut))
        {
            return outcome.Type == events.Succeeded
                ? JsonNode.Parse(outcome.Details!["output"]!.GetValue<string>())
                : throw new StatesFailureException(outcome.Details?["error"]?.GetValue<string>() ?? StatesErrorNames.TaskFailed, outcome.Details?["cause"]?.GetValue<string>());
        }

        var deadline = timeoutSeconds is { } seconds ? visit.Run.Clock.UtcNow.AddSeconds(seconds) : (DateTimeOffset?)null;
        var (result, error, cause, timedOut) = await InvokeLiveAsync(visit, resource, input, deadline).ConfigureAwait(false);
        try
        {
            return RecordOutcome(visit, resource, events, result, error, cause, timedOut);
        }
        finally
        {
            // A task's outcome goes to the store at once (not awaited), so a crash rarely repeats a finished task.
            visit.Run.Journal.Flush();
        }
    }

    private static JsonNode? RecordOutcome(StateVisit visit, TaskResource resource, EventNames events, JsonNode? result, string? error, string? cause, bool timedOut)
    {
        JsonObject Details(JsonObject d)
        {
            if (!resource.IsLambdaFunction)
            {
                d["resourceType"] = resource.ResourceType;
                d["resource"] = resource.ResourceName;
            }

            return d;
        }

        if (error is null)
        {
            var outputJson = result?.ToJsonString() ?? "null";
            try
            {
                PayloadLimits.Check(outputJson, $"result of task '{visit.State.Name}'");
            }
            catch (StatesFailureException e)
            {
                (error, cause) = (e.Error, e.Cause);
            }

            if (error is null)
            {
                visit.Emit(events.Succeeded, Details(new JsonObject { ["output"] = outputJson, ["outputDetails"] = new JsonObject { ["truncated"] = false } }));
                return result;
            }
        }

        var failure = new JsonObject { ["error"] = error };
        if (cause is not null)
        {
            failure["cause"] = cause;
        }

        visit.Emit(timedOut ? events.TimedOut : events.Failed, Details(failure));
        throw new StatesFailureException(error, cause);
    }

    private static async Task<(JsonNode? Result, string? Error, string? Cause, bool TimedOut)> InvokeLiveAsync(
        StateVisit visit, TaskResource resource, JsonNode? input, DateTimeOffset? deadline)
    {
        // A child execution (startExecution.sync) is stopped with its parent, as Step Functions stops it. A
        // function is not: once started it runs to its end whatever happens to the execution (StopExecution,
        // a failed sibling branch, the state's timeout), and only its result is dropped; locally it is
        // cancelled only when the engine shuts down.
        var runsOn = !(resource.IsStartExecutionSync && visit.Run.Children is not null);
        using var child = runsOn ? null : CancellationTokenSource.CreateLinkedTokenSource(visit.Cancellation);
        using var watch = CancellationTokenSource.CreateLinkedTokenSource(visit.Cancellation);
        // The watchdog first: once the invocation's lease exists, the caller no longer holds the clock.
        var timer = deadline is { } due ? visit.Run.Clock.DelayUntilAsync(due, blocking: false, watch.Token) : null;
        var lease = new InvocationLease(visit.Run.Clock);
        var invocation = Invoke(visit, resource, input, lease, child?.Token ?? visit.Run.Shutdown);
        var stopped = runsOn ? Task.Delay(Timeout.InfiniteTimeSpan, watch.Token) : null;
        if (timer is not null || stopped is not null)
        {
            var first = await Task.WhenAny(new[] { invocation, timer, stopped }.OfType<Task>()).ConfigureAwait(false);
            if (first != invocation && !invocation.IsCompleted)
            {
                // As on AWS, the abandoned invocation runs on; it no longer holds the clock, its result is dropped.
                lease.Abandon();
                ObserveLater(invocation);
                if (child is not null)
                {
                    await child.CancelAsync().ConfigureAwait(false);
                }
                if (first == timer && timer.IsCompletedSuccessfully)
                {
                    return (null, StatesErrorNames.Timeout, null, true);
                }
                visit.Cancellation.ThrowIfCancellationRequested();
            }
        }

        try
        {
            return (await invocation.ConfigureAwait(false), null, null, false);
        }
        catch (OperationCanceledException) when (visit.Cancellation.IsCancellationRequested)
        {
            throw;
        }
        catch (TaskFailedException e)
        {
            return (null, e.Error, e.Cause, false);
        }
        catch (StatesFailureException e)
        {
            return (null, e.Error, e.Cause, false);
        }
#pragma warning disable CA1031 // Any handler exception is a task failure reported as Lambda reports it, never an engine crash.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var (error, cause) = LambdaErrorFormat.Describe(e);
            return (null, error, cause, false);
        }
        finally
        {
            await watch.CancelAsync().ConfigureAwait(false);
            if (child is not null)
            {
                await child.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<JsonNode?> Invoke(StateVisit visit, TaskResource resource, JsonNode? input, InvocationLease lease, CancellationToken cancellationToken)
    {
        EngineClock.Enter(lease.Hold);
        try
        {
            // Yield first so a handler that blocks synchronously cannot stall the timeout race.
            await Task.Yield();
            return resource.IsStartExecutionSync && visit.Run.Children is { } children
                ? await children.RunChildAsync(resource.Arn, input, visit.Run, $"{visit.OpKey}#{visit.RetryCount}", cancellationToken).ConfigureAwait(false)
                : await visit.Run.Invoker.InvokeAsync(resource.Arn, input?.DeepClone(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lease.Complete();
        }
    }

    /// <summary>
    /// A task invocation is its own logical thread on the clock: the calling thread is suspended while the
    /// invocation holds the clock (so a handler's real I/O never lets time skip, and its simulated waits do),
    /// and it resumes the caller when it ends, unless the caller gave up on it (a task timeout) first.
    /// </summary>
    private sealed class InvocationLease
    {
        private readonly ClockHold? _caller;
        private int _settled;

        public InvocationLease(EngineClock clock)
        {
            Hold = clock.Hold();
            _caller = clock.Current;
            _caller?.Suspend();
        }

        public ClockHold? Hold { get; }

        public void Complete()
        {
            if (Interlocked.Exchange(ref _settled, 1) == 0)
            {
                _caller?.Resume();
            }

            Hold?.End();
        }

        public void Abandon()
        {
            if (Interlocked.Exchange(ref _settled, 1) == 0)
            {
                Hold?.End();
            }
        }
    }

    private static void ObserveLater(Task task) =>
        task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    private sealed record EventNames(string Scheduled, string Started, string Succeeded, string Failed, string TimedOut)
    {
        private static readonly EventNames Lambda = new(
            HistoryEventTypes.LambdaFunctionScheduled, HistoryEventTypes.LambdaFunctionStarted, HistoryEventTypes.LambdaFunctionSucceeded,
            HistoryEventTypes.LambdaFunctionFailed, HistoryEventTypes.LambdaFunctionTimedOut);

        private static readonly EventNames Task = new(
            HistoryEventTypes.TaskScheduled, HistoryEventTypes.TaskStarted, HistoryEventTypes.TaskSucceeded,
            HistoryEventTypes.TaskFailed, HistoryEventTypes.TaskTimedOut);

        public static EventNames For(TaskResource resource) => resource.IsLambdaFunction ? Lambda : Task;
    }
}
