using System.Collections.Concurrent;
using System.Text.Json.Nodes;

using Provisioner.StateMachine.Timing;

namespace Provisioner.StateMachine.Tests.Conformance;

/// <summary>
/// Plays the task behaviours a fixture scripts per resource, attempt by attempt (the last behaviour
/// repeats), and records every call so the test can check invocation counts and task inputs.
/// </summary>
public sealed class ScriptedTaskInvoker(IReadOnlyDictionary<string, IReadOnlyList<TaskBehaviour>> script, VirtualClock clock) : ITaskInvoker
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _problems = new();

    public IReadOnlyDictionary<string, int> Calls => _calls;

    /// <summary>Task inputs that differed from a behaviour's <c>expectInput</c>, and calls to unscripted resources.</summary>
    public IReadOnlyCollection<string> Problems => _problems;

    public async Task<JsonNode?> InvokeAsync(string resource, JsonNode? input, CancellationToken cancellationToken)
    {
        var attempt = _calls.AddOrUpdate(resource, 1, static (_, n) => n + 1);
        if (!script.TryGetValue(resource, out var behaviours) || behaviours.Count == 0)
        {
            _problems.Enqueue($"task '{resource}' was invoked but the fixture scripts no behaviour for it");
            throw new TaskFailedException("Test.UnscriptedTask", resource);
        }
        var behaviour = behaviours[Math.Min(attempt, behaviours.Count) - 1];
        if (behaviour.ExpectedInput is not null && !JsonNode.DeepEquals(behaviour.ExpectedInput, input))
        {
            _problems.Enqueue($"task '{resource}' attempt {attempt}: input {input?.ToJsonString() ?? "null"}, expected {behaviour.ExpectedInput.ToJsonString()}");
        }
        switch (behaviour.Kind)
        {
            case TaskBehaviour.Return:
                return behaviour.Value?.DeepClone();
            case TaskBehaviour.Echo:
                return input?.DeepClone();
            case TaskBehaviour.Fail:
                throw new TaskFailedException(behaviour.Error!, behaviour.Cause);
            case TaskBehaviour.Throw:
                throw new InvalidOperationException(behaviour.Cause);
            case TaskBehaviour.ReturnLargeString:
                return JsonValue.Create(new string('x', behaviour.Value!.GetValue<int>()));
            case TaskBehaviour.Hang:
                // Never answers: only the engine's timeout (or cancellation) ends this attempt. Saying so lets
                // the virtual clock move on to that timeout.
                await clock.SuspendUntilCanceledAsync(cancellationToken);
                throw new InvalidOperationException("unreachable");
            default:
                throw new InvalidOperationException($"Unknown behaviour '{behaviour.Kind}'.");
        }
    }
}
