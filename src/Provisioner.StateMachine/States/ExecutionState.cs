using System.Text.Json.Nodes;

using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.Payload;
using Provisioner.StateMachine.Retry;

namespace Provisioner.StateMachine.States;

/// <summary>
/// A state that runs work (Task, Parallel, Map). The shape they share is written here once, after
/// LocalStack's <c>ExecutionState</c>: InputPath, then the state's own work under Retry and Catch, then
/// ResultSelector, Assign, ResultPath and OutputPath on what the work returned. Each type supplies only
/// <see cref="RunAsync"/>.
/// </summary>
internal abstract record ExecutionState : State
{
    public PayloadTemplate? ResultSelector { get; init; }

    public DataPath ResultPath { get; init; } = DataPath.Root;

    public IReadOnlyList<Retrier> Retry { get; init; } = [];

    public IReadOnlyList<Catcher> Catch { get; init; } = [];

    public sealed override Task<StateOutcome> ExecuteAsync(StateVisit visit, JsonNode? rawInput)
    {
        var effective = DataFlow.ApplyInputPath(InputPath, visit.Paths(rawInput));
        return ErrorHandler.RunAsync(visit, Retry, Catch, rawInput, async attempt =>
        {
            var result = await RunAsync(visit, effective, attempt).ConfigureAwait(false);
            var selected = ResultSelector is null ? result : ResultSelector.Evaluate(visit.Paths(result));
            var assigned = EvaluateAssign(visit, selected);
            var combined = DataFlow.ApplyResultPath(ResultPath, rawInput, selected);
            return new StateOutcome(DataFlow.ApplyOutputPath(OutputPath, visit.Paths(combined)), Next, assigned);
        });
    }

    /// <summary>One attempt of the state's work on its effective input (after InputPath); its result, before ResultSelector.</summary>
    protected abstract Task<JsonNode?> RunAsync(StateVisit visit, JsonNode? effective, int attempt);

    /// <summary>
    /// Runs a fan-out (Parallel's branches, Map's iterations) and journals its end: <paramref name="succeeded"/>,
    /// or <paramref name="failed"/> with the error and cause before the failure goes on to Retry and Catch.
    /// </summary>
    protected static async Task JournalFanOutAsync(StateVisit visit, string succeeded, string failed, Func<Task> fanOut)
    {
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentNullException.ThrowIfNull(fanOut);
        try
        {
            await fanOut().ConfigureAwait(false);
        }
        catch (StatesFailureException e)
        {
            var details = new JsonObject { ["error"] = e.Error };
            if (e.Cause is not null)
            {
                details["cause"] = e.Cause;
            }

            visit.Run.Journal.Append(failed, visit.Frame.LastEventId, details, visit.OpKey);
            throw;
        }

        visit.Run.Journal.Append(succeeded, visit.Frame.LastEventId, null, visit.OpKey);
    }
}
