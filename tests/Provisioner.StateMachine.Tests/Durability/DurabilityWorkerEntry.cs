namespace Provisioner.StateMachine.Tests.Durability;

/// <summary>
/// The worker process's entry point: an explicit test, so normal runs skip it; KillRestartTests
/// runs this assembly with <c>-class ...DurabilityWorkerEntry -explicit only</c>.
/// </summary>
public sealed class DurabilityWorkerEntry
{
    [Fact(Explicit = true)]
    public async Task Run()
    {
        Assert.NotNull(Environment.GetEnvironmentVariable(DurabilityWorker.Variable));

        Assert.Equal(0, await DurabilityWorker.RunFromEnvironmentAsync());
    }
}
