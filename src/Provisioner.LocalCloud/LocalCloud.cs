using Amazon.Runtime;
using Provisioner.Aws;
using Provisioner.LocalCloud.Faults;
using Provisioner.LocalCloud.Inspection;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Seeding;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud;

/// <summary>
/// Local AWS for the demo and the tests: an emulator endpoint (a moto_server this object owns, or the
/// one in <c>AWS_ENDPOINT_URL</c>), the realism layer every client's pipeline goes through, the lab's
/// seed, fault injection and inspection. Disposing it stops the moto it started (only that one).
/// </summary>
public sealed class LocalCloud : IAsyncDisposable
{
    private readonly MotoServer? _moto;
    private readonly MotoBackchannel _backchannel;

    private LocalCloud(Uri endpoint, MotoServer? moto, LocalCloudOptions options)
    {
        Endpoint = endpoint;
        _moto = moto;
        Options = options;
        Realism = new RealismLayer(endpoint, new RealismOptions
        {
            Time = options.Time,
            WaitTime = options.WaitTime,
            Seed = options.Seed,
            Enabled = options.Realism,
            RateLimits = options.RateLimits,
            Quotas = options.Quotas,
            CallLatency = options.CallLatency,
            Region = options.Region,
            StatePath = options.StatePath,
        });
        _backchannel = new MotoBackchannel(endpoint, options.Region);
        Inspection = new ResourceInspector(_backchannel);
    }

    public Uri Endpoint { get; }

    public LocalCloudOptions Options { get; }

    /// <summary>True when this object started the emulator (and may reset it).</summary>
    public bool OwnsEmulator => _moto is not null;

    public RealismLayer Realism { get; }

    public FaultSet Faults => Realism.Faults;

    public ResourceInspector Inspection { get; }

    /// <summary>The lab's starting point (null when <see cref="LocalCloudOptions.SeedLab"/> is off).</summary>
    public SeedInfo? Seed { get; private set; }

    /// <summary>Direct, unthrottled access to the emulator (test setup, inspection).</summary>
    public MotoBackchannel Backchannel => _backchannel;

    /// <summary>Settings for Provisioner.Aws clients: this endpoint, dummy credentials, the realism handler innermost.</summary>
    public AwsSettings AwsSettings => AwsSettings.ForLocalEndpoint(Endpoint, Options.Region) with
    {
        Handlers = [Realism.CreateHandler],
        TimeProvider = Options.Time,
    };

    /// <summary>All Provisioner.Aws clients (ours and the official EC2/S3/DynamoDB ones) on this cloud, through the layer.</summary>
    public AwsClients CreateClients() => new(AwsSettings);

    /// <summary>For official SDK clients (<c>ClientConfig.HttpClientFactory</c>): their HTTP goes through the realism layer.</summary>
    public HttpClientFactory SdkHttpClientFactory => new RealismSdkHttpClientFactory(Realism);

    public static async Task<LocalCloud> StartAsync(LocalCloudOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LocalCloudOptions();
        var endpoint = options.Endpoint ?? (options.UseEnvironmentEndpoint ? EnvironmentEndpoint() : null);
        MotoServer? moto = null;
        if (endpoint is null)
        {
            try
            {
                moto = await MotoServer.StartAsync(cancellationToken: cancellationToken, executable: options.MotoExecutable).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex)
            {
                throw new InvalidOperationException(
                    $"No local AWS endpoint: {ex.Message} Either install moto (pip install 'moto[server]') so moto_server is on PATH, " +
                    $"or start an emulator and set {AwsEnvironment.EndpointUrl} to it (e.g. http://127.0.0.1:5000).", ex);
            }
            endpoint = moto.Endpoint;
        }
        else
        {
            CheckLoopback(endpoint, options.AllowNonLoopbackEndpoint);
        }

        var cloud = new LocalCloud(endpoint, moto, options);
        try
        {
            if (moto is null)
            {
                await cloud.CheckReachableAsync(cancellationToken).ConfigureAwait(false);
            }
            if (options.SeedLab)
            {
                cloud.Seed = await LabSeed.ApplyAsync(cloud._backchannel, options.Region, cancellationToken).ConfigureAwait(false);
            }
            return cloud;
        }
        catch
        {
            await cloud.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Forgets everything in the emulator this object started, then seeds again.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        if (_moto is null)
        {
            throw new InvalidOperationException("Reset is only for a moto_server this LocalCloud started; it will not wipe an external endpoint.");
        }
        await _moto.ResetAsync(cancellationToken).ConfigureAwait(false);
        Realism.RateLimits.Reset();
        Faults.Clear();
        if (Options.SeedLab)
        {
            Seed = await LabSeed.ApplyAsync(_backchannel, Options.Region, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Realism.Dispose();
        _backchannel.Dispose();
        if (_moto is not null)
        {
            await _moto.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static Uri? EnvironmentEndpoint()
    {
        var value = Environment.GetEnvironmentVariable(AwsEnvironment.EndpointUrl);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"{AwsEnvironment.EndpointUrl} must be an absolute http:// or https:// URL; got '{value}'.");
        }
        return uri;
    }

    internal static void CheckLoopback(Uri endpoint, bool allowNonLoopback)
    {
        if (allowNonLoopback || endpoint.IsLoopback)
        {
            return;
        }
        throw new InvalidOperationException(
            $"Refusing endpoint {endpoint}: local commands only talk to an emulator on 127.0.0.1 (so they never reach real AWS by accident). " +
            $"Allow it explicitly ({nameof(LocalCloudOptions.AllowNonLoopbackEndpoint)}) if it really is an emulator.");
    }

    private async Task CheckReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _backchannel.QueryAsync("sts", "GetCallerIdentity", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new InvalidOperationException($"{AwsEnvironment.EndpointUrl} is {Endpoint}, but nothing answers there ({ex.Message}). Start the emulator or unset the variable.", ex);
        }
    }

    /// <summary>The official SDK's hook: one HttpClient per client config, with the realism handler before the socket.</summary>
    private sealed class RealismSdkHttpClientFactory(RealismLayer layer) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
            new(new RealismHandler(layer, new SocketsHttpHandler()));

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }
}
