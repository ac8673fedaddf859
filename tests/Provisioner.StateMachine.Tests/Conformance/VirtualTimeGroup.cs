namespace Provisioner.StateMachine.Tests.Conformance;

/// <summary>
/// Tests that drive whole executions on a <see cref="SteppedClock"/>. The clock moves only when the
/// thread pool is quiet, so these tests run alone, one at a time, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VirtualTimeGroup
{
    public const string Name = "Virtual time";
}
