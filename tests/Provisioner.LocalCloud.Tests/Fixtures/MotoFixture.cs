using Provisioner.LocalCloud.Tests.Fixtures;

[assembly: AssemblyFixture(typeof(MotoFixture))]

namespace Provisioner.LocalCloud.Tests.Fixtures;

/// <summary>
/// One moto_server (seeded with the lab's starting point) for the whole test assembly. Tests build their
/// own realism layer over it, each with its own fake clock, and use unique names so they can run in parallel.
/// </summary>
public sealed class MotoFixture : IAsyncLifetime
{
    private LocalCloud? _cloud;

    public LocalCloud Cloud => _cloud ?? throw new InvalidOperationException("The fixture has not started.");

    public Uri Endpoint => Cloud.Endpoint;

    public async ValueTask InitializeAsync() =>
        _cloud = await LocalCloud.StartAsync(new LocalCloudOptions { UseEnvironmentEndpoint = false, Realism = false });

    public async ValueTask DisposeAsync()
    {
        if (_cloud is not null)
        {
            await _cloud.DisposeAsync();
        }
    }

    /// <summary>A short unique suffix for names made by one test.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";
}
