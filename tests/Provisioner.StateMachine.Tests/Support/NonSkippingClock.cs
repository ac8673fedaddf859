using Microsoft.Extensions.Time.Testing;

namespace Provisioner.StateMachine.Tests.Support;

/// <summary>
/// The fake clock seen through a plain TimeProvider: the engine does not recognise it as fake, so
/// it never skips; only the test moves time. Used to stop an engine in the middle of a Wait.
/// </summary>
public sealed class NonSkippingClock(FakeTimeProvider fake) : TimeProvider
{
    public FakeTimeProvider Fake { get; } = fake;

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Fake.CreateTimer(callback, state, dueTime, period);
}
