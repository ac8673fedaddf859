namespace Provisioner.Aws;

/// <summary>The standard AWS environment variables this library reads (names as every AWS SDK spells them).</summary>
public static class AwsEnvironment
{
    /// <summary>Endpoint for every service, unless a service-specific variable overrides it.</summary>
    public const string EndpointUrl = "AWS_ENDPOINT_URL";

    /// <summary>When <c>true</c>, the endpoint variables are ignored (AWS SDK convention).</summary>
    public const string IgnoreConfiguredEndpointUrls = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

    public const string Region = "AWS_REGION";
    public const string DefaultRegion = "AWS_DEFAULT_REGION";
}
