using System.Collections.Concurrent;
using System.Text.Json.Nodes;

using Provisioner.StateMachine;

namespace Provisioner.StateMachine.Tests.Support;

/// <summary>A hand-written recording fake: each resource runs a scripted handler; every call is recorded.</summary>
public sealed class ScriptedInvoker : ITaskInvoker
{
    private readonly ConcurrentDictionary<string, Func<JsonNode?, CancellationToken, Task<JsonNode?>>> _handlers = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Resource, string? InputJson)> Calls { get; } = new();

    public ScriptedInvoker On(string resource, Func<JsonNode?, JsonNode?> handler)
    {
        _handlers[resource] = (input, _) => Task.FromResult(handler(input));
        return this;
    }

    public ScriptedInvoker OnAsync(string resource, Func<JsonNode?, CancellationToken, Task<JsonNode?>> handler)
    {
        _handlers[resource] = handler;
        return this;
    }

    /// <summary>Fails the first <paramref name="failures"/> calls with the exception, then returns the result.</summary>
    public ScriptedInvoker FailThen(string resource, int failures, Func<Exception> exception, Func<JsonNode?, JsonNode?> then)
    {
        var count = 0;
        _handlers[resource] = (input, _) => Interlocked.Increment(ref count) <= failures
            ? Task.FromException<JsonNode?>(exception())
            : Task.FromResult(then(input));
        return this;
    }

    public int CallCount(string resource) => Calls.Count(c => c.Resource == resource);

    public Task<JsonNode?> InvokeAsync(string resource, JsonNode? input, CancellationToken cancellationToken)
    {
        Calls.Enqueue((resource, input?.ToJsonString()));
        return _handlers.TryGetValue(resource, out var handler)
            ? handler(input, cancellationToken)
            : throw new InvalidOperationException($"No handler scripted for {resource}.");
    }
}
