using Amazon;
using Amazon.DynamoDBv2;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Provisioner.Aws.AutoScaling;
using Provisioner.Aws.CertificateManager;
using Provisioner.Aws.CloudWatch;
using Provisioner.Aws.CloudWatchLogs;
using Provisioner.Aws.Ec2;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Aws.Http;
using Provisioner.Aws.Protocols;
using Provisioner.Aws.Scheduler;
using Provisioner.Aws.Sns;
using Provisioner.Aws.StepFunctions;

namespace Provisioner.Aws;

/// <summary>
/// Every AWS client of the project, built once from <see cref="AwsSettings"/>: the thin clients share one
/// signed HTTP pipeline; the official EC2, S3 and DynamoDB clients get the same credentials, endpoints and
/// transport handlers through their HttpClientFactory hook. Dispose it to release the connections.
/// </summary>
public sealed class AwsClients : IDisposable
{
    private readonly AwsTransport _transport;

    /// <summary>The official EC2 client behind <see cref="Ec2"/>: kept here, so every EC2 call goes through the port.</summary>
    private readonly AmazonEC2Client _ec2Sdk;
    private readonly List<PipelineHttpClientFactory> _sdkTransports = [];

    public AwsClients(AwsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        var credentials = settings.Credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials();
        _transport = new AwsTransport(settings with { Credentials = credentials });

        ElbV2 = new ElbV2Client(_transport);
        AutoScaling = new AutoScalingClient(_transport);
        CloudWatch = new CloudWatchClient(_transport);
        CloudWatchLogs = new CloudWatchLogsClient(_transport);
        Acm = new AcmClient(_transport);
        Sns = new SnsClient(_transport);
        Scheduler = new SchedulerClient(_transport);
        StepFunctions = new StepFunctionsClient(_transport);

        _ec2Sdk = new AmazonEC2Client(credentials, Configure(new AmazonEC2Config(), AwsService.Ec2));
        Ec2 = new Ec2Client(_ec2Sdk);
        var s3Config = Configure(new AmazonS3Config(), AwsService.S3);
        // Local emulators serve buckets on the path (http://host:port/bucket), not as subdomains.
        s3Config.ForcePathStyle = settings.HasEndpointOverrideFor(AwsService.S3);
        S3 = new AmazonS3Client(credentials, s3Config);
        DynamoDb = new AmazonDynamoDBClient(credentials, Configure(new AmazonDynamoDBConfig(), AwsService.DynamoDb));
    }

    public AwsSettings Settings { get; }

    public IElbV2Client ElbV2 { get; }
    public IAutoScalingClient AutoScaling { get; }
    public ICloudWatchClient CloudWatch { get; }
    public ICloudWatchLogsClient CloudWatchLogs { get; }
    public IAcmClient Acm { get; }
    public ISnsClient Sns { get; }
    public ISchedulerClient Scheduler { get; }
    public IStepFunctionsClient StepFunctions { get; }

    /// <summary>The narrow EC2 port the steps use.</summary>
    public IEc2Client Ec2 { get; }

    /// <summary>How the EC2 SDK client is configured (endpoint, region), for the settings tests.</summary>
    internal IClientConfig Ec2SdkConfig => _ec2Sdk.Config;

    public IAmazonS3 S3 { get; }

    public IAmazonDynamoDB DynamoDb { get; }

    private T Configure<T>(T config, AwsService service)
        where T : ClientConfig
    {
        if (Settings.HasEndpointOverrideFor(service))
        {
            config.ServiceURL = Settings.EndpointFor(service).ToString();
            config.AuthenticationRegion = Settings.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Settings.Region);
        }
        var factory = new PipelineHttpClientFactory(Settings);
        _sdkTransports.Add(factory);
        config.HttpClientFactory = factory;
        config.MaxErrorRetry = Math.Max(0, Settings.Retry.MaxAttempts - 1);
        config.Timeout = Settings.Retry.AttemptTimeout;
        return config;
    }

    public void Dispose()
    {
        _transport.Dispose();
        _ec2Sdk.Dispose();
        S3.Dispose();
        DynamoDb.Dispose();
        foreach (var factory in _sdkTransports)
        {
            factory.Dispose();
        }
    }
}
