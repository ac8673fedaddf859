using Amazon.EC2;
using Amazon.Runtime;
using Microsoft.Extensions.Time.Testing;
using Provisioner.LocalCloud.Realism;

namespace Provisioner.LocalCloud.Tests.Fixtures;

/// <summary>
/// A realism layer over the shared moto, on a fake clock, with a raw HttpClient and the official EC2
/// client both going through it.
/// </summary>
public sealed class TestCloud : IDisposable
{
    /// <param name="statePath">The layer's state file (a restart over the same moto); null: memory only.</param>
    /// <param name="start">The fake clock's start (a restarted layer resumes where the last one stopped).</param>
    public TestCloud(MotoFixture moto, bool rateLimits = false, int seed = 7, string? statePath = null, DateTimeOffset? start = null)
    {
        Moto = moto;
        Time = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        Layer = new RealismLayer(moto.Endpoint, new RealismOptions { Time = Time, Seed = seed, RateLimits = rateLimits, StatePath = statePath });
        Http = new HttpClient(new RealismHandler(Layer, new SocketsHttpHandler())) { BaseAddress = moto.Endpoint };
        Aws = new RawAws(Http);
        Ec2 = CreateEc2();
    }

    public MotoFixture Moto { get; }
    public FakeTimeProvider Time { get; }
    public RealismLayer Layer { get; }
    public HttpClient Http { get; }
    public RawAws Aws { get; }
    public AmazonEC2Client Ec2 { get; }

    public Provisioner.LocalCloud.Seeding.SeedInfo Seed => Moto.Cloud.Seed!;

    /// <summary>An official EC2 client whose HTTP goes through this layer (no SDK retries unless asked).</summary>
    public AmazonEC2Client CreateEc2(int maxErrorRetry = 0) => new(new BasicAWSCredentials("testing", "testing"), new AmazonEC2Config
    {
        ServiceURL = Moto.Endpoint.ToString(),
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = maxErrorRetry,
        HttpClientFactory = new LayerFactory(Layer),
    });

    public void Advance(TimeSpan by) => Time.Advance(by);

    public void Dispose()
    {
        Ec2.Dispose();
        Http.Dispose();
        Layer.Dispose();
    }

    private sealed class LayerFactory(RealismLayer layer) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new RealismHandler(layer, new SocketsHttpHandler()));
    }
}
