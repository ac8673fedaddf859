using System.Text.Json;
using System.Text.Json.Nodes;

using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.History;
using Provisioner.StateMachine.Parsing;
using Provisioner.StateMachine.Timing;

namespace Provisioner.StateMachine;

/// <summary>One execution together with its history (engine-internal events left out).</summary>
public sealed record ExecutionTrace(ExecutionResult Result, IReadOnlyList<HistoryEvent> Events);

/// <summary>
/// The embedding entry point: runs one execution in memory to its end. For durable executions and
/// the Step Functions API, host a <see cref="Engine.StateMachineEngine"/> instead.
/// </summary>
public static class AslRunner
{
    /// <summary>
    /// Runs one execution in memory to its end. Status: SUCCEEDED, FAILED, TIMED_OUT or ABORTED.
    /// <paramref name="time"/> null = real time; a <see cref="VirtualClock"/> skips idle waits (see
    /// Timing/VirtualClock.cs). Cancellation ends it with ABORTED. An invalid definition (or
    /// JSONata, for now) throws <see cref="AslDefinitionException"/> whose message names the JSON pointer.
    /// </summary>
    public static async Task<ExecutionResult> RunAsync(string definitionJson, string inputJson,
        ITaskInvoker tasks, TimeProvider? time = null, CancellationToken cancellationToken = default) =>
        (await RunWithHistoryAsync(definitionJson, inputJson, tasks, time, cancellationToken).ConfigureAwait(false)).Result;

    /// <summary>As <see cref="RunAsync"/>, also returning the history as GetExecutionHistory would show it.</summary>
    public static async Task<ExecutionTrace> RunWithHistoryAsync(string definitionJson, string inputJson,
        ITaskInvoker tasks, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var definition = DefinitionParser.Parse(definitionJson);
        JsonNode? input;
        try
        {
            input = JsonNode.Parse(inputJson);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The input is not valid JSON: {e.Message}", nameof(inputJson), e);
        }

        var clock = new EngineClock(time);
        var identity = ExecutionIdentity.Local(Guid.NewGuid().ToString());
        var journal = new ExecutionJournal(identity.ExecutionArn, clock.Time, sink: null, retain: true, prior: []);
        var start = clock.UtcNow;
        using var run = new ExecutionRun(identity, input, start, journal, clock, tasks, cancellationToken)
        {
            Deadline = definition.TimeoutSeconds is { } seconds ? start.AddSeconds(seconds) : null,
        };
        var hold = clock.Hold();
        EngineClock.Enter(hold);
        try
        {
            var result = await ExecutionRunner.RunAsync(run, definition, resumed: false).ConfigureAwait(false);
            return new ExecutionTrace(result, journal.Events.Where(e => !e.IsInternal).ToList());
        }
        finally
        {
            hold?.End();
        }
    }
}
