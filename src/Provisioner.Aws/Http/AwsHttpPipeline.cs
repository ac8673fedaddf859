using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Provisioner.Aws.Http;

/// <summary>
/// The one HTTP pipeline every AWS call goes through:
/// <code>
/// our clients:      HttpClient -> SigV4SigningHandler -> settings.Handlers... -> socket
/// official SDK:     HttpClient (SDK signs before it) ->  settings.Handlers... -> socket
/// </code>
/// Extra handlers are innermost, so they see the final signed request whoever made it.
/// Retries sit above the HttpClient (<see cref="AwsRetryPipeline"/>): every attempt is a fresh, freshly
/// signed request.
/// </summary>
internal static class AwsHttpPipeline
{
    /// <summary>The request option that names the SigV4 signing service of one request.</summary>
    public static readonly HttpRequestOptionsKey<string> SigningServiceKey = new(SigV4SigningHandler.ServiceOptionKey);

    /// <summary>Extra handlers chained onto the primary (socket) handler.</summary>
    public static HttpMessageHandler Transport(AwsSettings settings)
    {
        HttpMessageHandler inner = settings.PrimaryHandler?.Invoke() ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        for (var i = settings.Handlers.Count - 1; i >= 0; i--)
        {
            var handler = settings.Handlers[i]() ?? throw new InvalidOperationException($"AwsSettings.Handlers[{i}] returned null.");
            handler.InnerHandler = inner;
            inner = handler;
        }
        return inner;
    }

    /// <summary>The client for our thin clients: signs every request (service chosen per request), then the transport.</summary>
    public static HttpClient SignedClient(AwsSettings settings, AWSCredentials credentials)
    {
        var signer = new SigV4SigningHandler(credentials, RegionEndpoint.GetBySystemName(settings.Region), AwsService.Sts.SigningName, Transport(settings));
        // Per-attempt timeouts come from the retry pipeline, not from HttpClient.
        return new HttpClient(signer, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}

/// <summary>
/// Hands one official SDK client its HttpClient over the same transport (extra handlers + socket): one factory
/// per SDK client, one HttpClient per factory, disposed with <see cref="AwsClients"/>.
/// </summary>
/// <remarks>
/// The SDK's own HttpClient cache is process-wide and keyed by <see cref="GetConfigUniqueString"/>: were it used,
/// a second <see cref="AwsClients"/> with different handlers could get the first one's transport. Without it the
/// SDK asks for a client per request, so the factory hands out the same one every time (and the key is unique anyway).
/// </remarks>
internal sealed class PipelineHttpClientFactory(AwsSettings settings) : HttpClientFactory, IDisposable
{
    private readonly string _key = "provisioner-pipeline-" + Guid.NewGuid().ToString("N");
    private readonly Lazy<HttpClient> _client = new(() =>
        new HttpClient(AwsHttpPipeline.Transport(settings), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan });

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client.Value;

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => _key;

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
