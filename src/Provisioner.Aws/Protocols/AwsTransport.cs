using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Polly;
using Provisioner.Aws.Http;

namespace Provisioner.Aws.Protocols;

/// <summary>
/// Sends one logical call of a thin client: per attempt it builds a fresh request for the service's endpoint,
/// marks the signing service, sends it through the signed pipeline, and maps a non-2xx answer to
/// <see cref="AwsServiceException"/>; the retry pipeline decides whether to try again.
/// </summary>
internal sealed class AwsTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _retry;

    public AwsTransport(AwsSettings settings, Func<double>? jitter = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        var credentials = settings.Credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials();
        _http = AwsHttpPipeline.SignedClient(settings, credentials);
        _retry = AwsRetryPipeline.Build(settings.Retry, settings.TimeProvider, jitter, settings.AttemptTimeProvider);
    }

    public AwsSettings Settings { get; }

    public Task<TResult> SendAsync<TResult>(
        AwsService service,
        string action,
        Func<Uri, HttpRequestMessage> buildRequest,
        Func<string, TResult> parseBody,
        CancellationToken cancellationToken)
    {
        var endpoint = Settings.EndpointFor(service);
        return _retry.ExecuteAsync(
            static async (state, token) =>
            {
                var (self, service, action, endpoint, buildRequest, parseBody) = state;
                using var request = buildRequest(endpoint);
                request.Options.Set(AwsHttpPipeline.SigningServiceKey, service.SigningName);
                using var response = await self._http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw AwsErrorParser.FromResponse(service, action, response.StatusCode, body, name => Header(response, name));
                }
                return parseBody(body);
            },
            (this, service, action, endpoint, buildRequest, parseBody),
            cancellationToken).AsTask();
    }

    /// <summary>Joins a base endpoint (which may carry a path) with a service path such as <c>/schedules/x</c>.</summary>
    public static Uri Combine(Uri endpoint, string pathAndQuery)
    {
        var basePath = endpoint.AbsolutePath.TrimEnd('/');
        var builder = new UriBuilder(endpoint.Scheme, endpoint.Host, endpoint.Port);
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        builder.Path = basePath + (query >= 0 ? pathAndQuery[..query] : pathAndQuery);
        if (query >= 0)
        {
            builder.Query = pathAndQuery[(query + 1)..];
        }
        return builder.Uri;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;

    public void Dispose() => _http.Dispose();
}
