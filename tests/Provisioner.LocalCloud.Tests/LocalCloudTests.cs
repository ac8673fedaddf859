using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Provisioner.Aws;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.LocalCloud.Faults;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests;

public class LocalCloudTests(MotoFixture moto)
{
    private static LocalCloudOptions On(MotoFixture moto, TimeProvider time) =>
        new() { Endpoint = moto.Endpoint, Time = time, Seed = 3 };

    [Fact]
    public async Task StartAsync_ExternalEndpoint_SeedsAndDoesNotOwnTheEmulator()
    {
        await using var cloud = await LocalCloud.StartAsync(On(moto, new FakeTimeProvider()), TestContext.Current.CancellationToken);

        Assert.False(cloud.OwnsEmulator);
        Assert.Equal(moto.Cloud.Seed!.InstanceId, cloud.Seed!.InstanceId);
        await Assert.ThrowsAsync<InvalidOperationException>(() => cloud.ResetAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AwsSettings_ProvisionerClientsGoThroughTheRealismLayer()
    {
        var time = new FakeTimeProvider();
        await using var cloud = await LocalCloud.StartAsync(On(moto, time), TestContext.Current.CancellationToken);
        using var clients = new AwsClients(cloud.AwsSettings);
        var ct = TestContext.Current.CancellationToken;
        var sg = await clients.Ec2.CreateSecurityGroupAsync(new Provisioner.Aws.Ec2.CreateSecurityGroupRequest
        {
            GroupName = MotoFixture.Unique("alb-sg"), Description = "x", VpcId = cloud.Seed!.VpcId,
        }, ct);

        var created = await clients.ElbV2.CreateLoadBalancerAsync(new CreateLoadBalancerRequest
        {
            Name = MotoFixture.Unique("alb"), Subnets = [.. cloud.Seed.SubnetIds.Take(2)], SecurityGroups = [sg],
        }, ct);
        time.Advance(TimeSpan.FromMinutes(4));
        var later = await clients.ElbV2.DescribeLoadBalancersAsync(new DescribeLoadBalancersRequest { LoadBalancerArns = [created.LoadBalancerArn] }, ct);

        Assert.Equal("provisioning", created.StateCode);
        Assert.Equal("active", later.LoadBalancers.Single().StateCode);
    }

    [Fact]
    public async Task SdkHttpClientFactory_OfficialEc2ClientGoesThroughTheLayer()
    {
        await using var cloud = await LocalCloud.StartAsync(On(moto, new FakeTimeProvider()), TestContext.Current.CancellationToken);
        cloud.Faults.Add(new Fault("ec2", "DescribeVpcs", FaultKind.Error) { ErrorCode = "AuthFailure", HttpStatus = 401 });
        using var ec2 = new AmazonEC2Client(new BasicAWSCredentials("testing", "testing"), new AmazonEC2Config
        {
            ServiceURL = cloud.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0,
            HttpClientFactory = cloud.SdkHttpClientFactory,
        });

        var ex = await Assert.ThrowsAsync<AmazonEC2Exception>(() => ec2.DescribeVpcsAsync(new DescribeVpcsRequest(), TestContext.Current.CancellationToken));

        Assert.Equal("AuthFailure", ex.ErrorCode);
    }

    [Fact]
    public async Task RealismOff_MotosOwnBehaviour()
    {
        var time = new FakeTimeProvider();
        await using var cloud = await LocalCloud.StartAsync(On(moto, time) with { Realism = false }, TestContext.Current.CancellationToken);
        using var clients = cloud.CreateClients();
        var ct = TestContext.Current.CancellationToken;

        var imageId = await clients.Ec2.CreateImageAsync(new Provisioner.Aws.Ec2.CreateImageRequest { InstanceId = cloud.Seed!.InstanceId, Name = MotoFixture.Unique("ami") }, ct);
        var state = (await clients.Ec2.DescribeImagesAsync(Provisioner.Aws.Ec2.DescribeImagesRequest.ById(imageId), ct)).Single().State;

        Assert.Equal(ImageState.Available.Value, state);
    }

    [Fact]
    public async Task StartAsync_NonLoopbackEndpoint_RefusedWithTheReason()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalCloud.StartAsync(
            new LocalCloudOptions { Endpoint = new Uri("http://10.1.2.3:5000/") }, TestContext.Current.CancellationToken));

        Assert.Contains("127.0.0.1", ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(LocalCloudOptions.AllowNonLoopbackEndpoint), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_NothingAnswersAtTheEndpoint_ClearError()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalCloud.StartAsync(
            new LocalCloudOptions { Endpoint = new Uri($"http://127.0.0.1:{port}/") }, TestContext.Current.CancellationToken));

        Assert.Contains(AwsEnvironment.EndpointUrl, ex.Message, StringComparison.Ordinal);
        Assert.Contains("nothing answers", ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>Tests that read process-wide environment variables: not run in parallel with each other.</summary>
[Collection(nameof(EnvironmentVariableTests))]
[CollectionDefinition(nameof(EnvironmentVariableTests), DisableParallelization = true)]
public class EnvironmentVariableTests(MotoFixture moto)
{
    [Fact]
    public async Task StartAsync_AwsEndpointUrlSet_UsesItInsteadOfStartingMoto()
    {
        var previous = Environment.GetEnvironmentVariable(AwsEnvironment.EndpointUrl);
        Environment.SetEnvironmentVariable(AwsEnvironment.EndpointUrl, moto.Endpoint.ToString());
        try
        {
            await using var cloud = await LocalCloud.StartAsync(new LocalCloudOptions { Time = new FakeTimeProvider() }, TestContext.Current.CancellationToken);

            Assert.False(cloud.OwnsEmulator);
            Assert.Equal(moto.Endpoint, cloud.Endpoint);
        }
        finally
        {
            Environment.SetEnvironmentVariable(AwsEnvironment.EndpointUrl, previous);
        }
    }

    [Fact]
    public async Task StartAsync_NoEndpointAndNoMoto_SaysHowToGetEither()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalCloud.StartAsync(
            new LocalCloudOptions { UseEnvironmentEndpoint = false, MotoExecutable = "/nonexistent/moto_server" }, TestContext.Current.CancellationToken));

        Assert.Contains("moto_server", ex.Message, StringComparison.Ordinal);
        Assert.Contains(AwsEnvironment.EndpointUrl, ex.Message, StringComparison.Ordinal);
    }
}
