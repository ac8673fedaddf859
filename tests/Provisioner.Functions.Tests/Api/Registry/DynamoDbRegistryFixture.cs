using Provisioner.Aws;
using Provisioner.Functions.Api.Registry;
using Provisioner.LocalCloud;

namespace Provisioner.Functions.Tests.Api.Registry;

/// <summary>One moto_server with DynamoDB for the registry tests; each test gets its own table (registries are disposed with the fixture).</summary>
public sealed class DynamoDbRegistryFixture : IAsyncLifetime
{
    private MotoServer? _server;
    private AwsClients? _clients;
    private readonly List<DynamoDbEnvironmentRegistry> _registries = [];
    private int _tables;

    /// <summary>moto's endpoint, as AWS_ENDPOINT_URL would name it.</summary>
    public string Endpoint => (_server ?? throw new InvalidOperationException("moto is not started.")).Endpoint.ToString();

    public AwsClients Clients => _clients ?? throw new InvalidOperationException("moto is not started.");

    public async ValueTask InitializeAsync()
    {
        _server = await MotoServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _clients = new AwsClients(AwsSettings.ForLocalEndpoint(_server.Endpoint));
    }

    public async Task<DynamoDbEnvironmentRegistry> NewRegistryAsync(CancellationToken cancellationToken)
    {
        var registry = new DynamoDbEnvironmentRegistry(Clients.DynamoDb, $"prov-registry-{Interlocked.Increment(ref _tables)}", serializeWrites: true);
        lock (_registries)
        {
            _registries.Add(registry);
        }
        await registry.EnsureTableAsync(cancellationToken);
        await registry.EnsureTableAsync(cancellationToken);
        return registry;
    }

    public async ValueTask DisposeAsync()
    {
        _registries.ForEach(r => r.Dispose());
        _clients?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
