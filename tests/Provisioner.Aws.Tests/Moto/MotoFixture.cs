using Provisioner.Aws.Ec2;
using Provisioner.LocalCloud;

namespace Provisioner.Aws.Tests.Moto;

/// <summary>One moto_server for every moto test class (they share the collection, so they run one at a time).</summary>
public sealed class MotoFixture : IAsyncLifetime
{
    private MotoServer? _server;
    private AwsClients? _clients;

    public MotoServer Server => _server ?? throw new InvalidOperationException("moto is not started.");

    public AwsClients Clients => _clients ?? throw new InvalidOperationException("moto is not started.");

    public async ValueTask InitializeAsync()
    {
        _server = await MotoServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _clients = new AwsClients(AwsSettings.ForLocalEndpoint(_server.Endpoint));
    }

    public async ValueTask DisposeAsync()
    {
        _clients?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>moto's default VPC and two of its subnets in different AZs.</summary>
    public async Task<(string VpcId, string[] SubnetIds)> DefaultNetworkAsync(CancellationToken cancellationToken)
    {
        var vpc = (await Clients.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest { Filters = [Ec2Filter.Of("is-default", "true")] }, cancellationToken)).Single();
        var subnets = await Clients.Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { Filters = [Ec2Filter.Of("vpc-id", vpc.VpcId)] }, cancellationToken);
        var twoAzs = subnets.GroupBy(s => s.AvailabilityZone).Take(2).Select(g => g.First().SubnetId).ToArray();
        return (vpc.VpcId, twoAzs);
    }
}

[CollectionDefinition(Name)]
public sealed class MotoGroup : ICollectionFixture<MotoFixture>
{
    public const string Name = "moto";
}

/// <summary>Base of moto test classes: a clean moto before every test.</summary>
[Collection(MotoGroup.Name)]
public abstract class MotoTest(MotoFixture moto) : IAsyncLifetime
{
    protected MotoFixture Moto { get; } = moto;

    protected AwsClients Aws => Moto.Clients;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync() => await Moto.Server.ResetAsync(Ct);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
