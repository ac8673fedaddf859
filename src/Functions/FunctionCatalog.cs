using Provisioner.Functions.Handlers;

namespace Provisioner.Functions;

/// <summary>
/// Every handler the bootstrap can run, built from the function's environment. The local engine's
/// in-process invoker uses the same table, so a step runs the same code locally and on Lambda.
/// </summary>
public static class FunctionCatalog
{
    public static HandlerTable Create(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new HandlerTable([]);
    }
}
