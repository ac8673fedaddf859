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

/// <summary>Hands the official SDK clients an HttpClient over the same transport (extra handlers + socket).</summary>
internal sealed class PipelineHttpClientFactory(AwsSettings settings) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(AwsHttpPipeline.Transport(settings), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };

    // The SDK caches what we return per config; one client per SDK client is what we want.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => "provisioner-pipeline";
}
