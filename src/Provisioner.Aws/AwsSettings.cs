using Amazon.Runtime;

namespace Provisioner.Aws;

/// <summary>
/// Everything the clients are built from: region, credentials, endpoint overrides, the extra HTTP handlers
/// (innermost: they see the final signed request of every client, ours and the official SDK's, just before
/// the socket), the clock and the retry policy.
/// </summary>
public sealed record AwsSettings
{
    /// <summary>E.g. <c>us-east-1</c>.</summary>
    public required string Region { get; init; }

    /// <summary>Null: the AWS SDK's default credential chain (environment, profile, SSO, container, instance).</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>Endpoint for every service (<c>AWS_ENDPOINT_URL</c>); null: the public regional endpoint.</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>Per-service endpoints keyed by <see cref="AwsService.EnvironmentId"/> (<c>AWS_ENDPOINT_URL_&lt;ID&gt;</c>); they win over <see cref="EndpointUrl"/>.</summary>
    public IReadOnlyDictionary<string, Uri> ServiceEndpoints { get; init; } = new Dictionary<string, Uri>(StringComparer.Ordinal);

    /// <summary>
    /// Factories of extra handlers placed innermost, in order (the first is outermost of them), after signing
    /// and just before the socket handler, in the pipeline of every client.
    /// </summary>
    public IReadOnlyList<Func<DelegatingHandler>> Handlers { get; init; } = [];

    /// <summary>The clock for retry backoff (tests use a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// The clock of the per-attempt timeout (a watchdog beside a running call); null: <see cref="TimeProvider"/>.
    /// Local runs give the retry back-off a virtual clock's waits and the watchdog the plain clock, so a call
    /// in flight never times out because simulated time skipped.
    /// </summary>
    public TimeProvider? AttemptTimeProvider { get; init; }

    public AwsRetryOptions Retry { get; init; } = new();

    /// <summary>Optional last handler instead of the socket handler (tests: a fake server in memory).</summary>
    public Func<HttpMessageHandler>? PrimaryHandler { get; init; }

    /// <summary>The endpoint for a service: its own variable, else the global one, else the public regional endpoint.</summary>
    public Uri EndpointFor(AwsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (ServiceEndpoints.TryGetValue(service.EnvironmentId, out var specific))
        {
            return specific;
        }
        return EndpointUrl ?? service.PublicEndpoint(Region);
    }

    /// <summary>True when at least one service goes somewhere other than its public AWS endpoint.</summary>
    public bool HasEndpointOverride => EndpointUrl is not null || ServiceEndpoints.Count > 0;

    /// <summary>True when this service goes somewhere other than its public AWS endpoint.</summary>
    public bool HasEndpointOverrideFor(AwsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return EndpointUrl is not null || ServiceEndpoints.ContainsKey(service.EnvironmentId);
    }

    /// <summary>
    /// Reads the standard variables: <c>AWS_REGION</c> / <c>AWS_DEFAULT_REGION</c> (else the SDK's region chain,
    /// i.e. the profile), <c>AWS_ENDPOINT_URL</c>, <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> and
    /// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c>. Credentials are left to the SDK's chain.
    /// </summary>
    /// <exception cref="InvalidOperationException">No region anywhere, or an endpoint variable that is not an absolute http(s) URL.</exception>
    public static AwsSettings FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var region = NonEmpty(getVariable(AwsEnvironment.Region))
            ?? NonEmpty(getVariable(AwsEnvironment.DefaultRegion))
            ?? FallbackRegionFactory.GetRegionEndpoint()?.SystemName
            ?? throw new InvalidOperationException(
                $"No AWS region: set {AwsEnvironment.Region} (or {AwsEnvironment.DefaultRegion}, or a region in the AWS profile).");

        Uri? global = null;
        var perService = new Dictionary<string, Uri>(StringComparer.Ordinal);
        if (!string.Equals(NonEmpty(getVariable(AwsEnvironment.IgnoreConfiguredEndpointUrls)), "true", StringComparison.OrdinalIgnoreCase))
        {
            global = ParseEndpoint(AwsEnvironment.EndpointUrl, getVariable(AwsEnvironment.EndpointUrl));
            foreach (var service in AwsService.All)
            {
                if (ParseEndpoint(service.EndpointVariable, getVariable(service.EndpointVariable)) is { } uri)
                {
                    perService[service.EnvironmentId] = uri;
                }
            }
        }
        return new AwsSettings { Region = region, EndpointUrl = global, ServiceEndpoints = perService };
    }

    /// <summary>Settings for a local emulator (moto, LocalStack) at one endpoint, with dummy credentials.</summary>
    public static AwsSettings ForLocalEndpoint(Uri endpoint, string region = "us-east-1") => new()
    {
        Region = region,
        EndpointUrl = endpoint,
        Credentials = new BasicAWSCredentials("testing", "testing"),
    };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri? ParseEndpoint(string variable, string? value)
    {
        if (NonEmpty(value) is not { } text)
        {
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"{variable} must be an absolute http:// or https:// URL; got '{text}'.");
        }
        return uri;
    }
}
