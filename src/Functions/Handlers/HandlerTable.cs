using System.Collections.Frozen;

namespace Provisioner.Functions.Handlers;

/// <summary>
/// Every handler by name: the dispatch table both the Lambda bootstrap (by <c>_HANDLER</c>) and the local
/// engine (by the function ARN's name) use.
/// </summary>
public sealed class HandlerTable
{
    private readonly FrozenDictionary<string, IFunctionHandler> _handlers;

    public HandlerTable(IEnumerable<IFunctionHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var byName = new Dictionary<string, IFunctionHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!byName.TryAdd(handler.Name, handler))
            {
                throw new ArgumentException($"Two handlers are named '{handler.Name}'.", nameof(handlers));
            }
        }
        _handlers = byName.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IEnumerable<string> Names => _handlers.Keys.Order(StringComparer.Ordinal);

    public bool TryGet(string name, out IFunctionHandler handler) => _handlers.TryGetValue(name, out handler!);

    public IFunctionHandler Get(string name) =>
        TryGet(name, out var handler)
            ? handler
            : throw new KeyNotFoundException($"No handler named '{name}'. Known handlers: {string.Join(", ", Names)}.");
}
