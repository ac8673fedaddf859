using Microsoft.Extensions.Time.Testing;
using Provisioner.LocalCloud;

namespace Provisioner.Functions.Tests.Steps.Integration;

/// <summary>
/// One moto_server behind LocalCloud's realism layer per test class (lifecycles, the AWS rules moto lacks,
/// fault injection, inspection), on a fake clock: an AMI stays <c>pending</c> and a load balancer
/// <c>provisioning</c> until a test advances the clock. Rate limits are off here (a fake clock never refills a
/// bucket); throttling is injected as a fault where a test wants it.
/// </summary>
public sealed class LocalCloudFixture : IAsyncLifetime
{
    private Provisioner.LocalCloud.LocalCloud? _cloud;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));

    public Provisioner.LocalCloud.LocalCloud Cloud => _cloud ?? throw new InvalidOperationException("The fixture has not started.");

    public async ValueTask InitializeAsync() =>
        _cloud = await Provisioner.LocalCloud.LocalCloud.StartAsync(new LocalCloudOptions
        {
            Time = Time,
            UseEnvironmentEndpoint = false,
            RateLimits = false,
        });

    public async ValueTask DisposeAsync()
    {
        if (_cloud is not null)
        {
            await _cloud.DisposeAsync();
        }
    }
}
