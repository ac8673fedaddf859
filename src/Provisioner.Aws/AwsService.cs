namespace Provisioner.Aws;

/// <summary>
/// What a client needs to know to reach a service: the endpoint prefix, the SigV4 signing name, and the
/// service id that names its endpoint variable (<c>AWS_ENDPOINT_URL_&lt;ID&gt;</c>, from the SDK's serviceId:
/// upper case, spaces as underscores).
/// </summary>
public sealed record AwsService(string EndpointPrefix, string SigningName, string EnvironmentId)
{
    public static AwsService ElasticLoadBalancingV2 { get; } = new("elasticloadbalancing", "elasticloadbalancing", "ELASTIC_LOAD_BALANCING_V2");
    public static AwsService AutoScaling { get; } = new("autoscaling", "autoscaling", "AUTO_SCALING");
    public static AwsService CloudWatch { get; } = new("monitoring", "monitoring", "CLOUDWATCH");
    public static AwsService CloudWatchLogs { get; } = new("logs", "logs", "CLOUDWATCH_LOGS");
    public static AwsService Acm { get; } = new("acm", "acm", "ACM");
    public static AwsService Sns { get; } = new("sns", "sns", "SNS");
    public static AwsService Scheduler { get; } = new("scheduler", "scheduler", "SCHEDULER");
    public static AwsService StepFunctions { get; } = new("states", "states", "SFN");
    public static AwsService Ec2 { get; } = new("ec2", "ec2", "EC2");
    public static AwsService S3 { get; } = new("s3", "s3", "S3");
    public static AwsService DynamoDb { get; } = new("dynamodb", "dynamodb", "DYNAMODB");
    public static AwsService Sts { get; } = new("sts", "sts", "STS");

    /// <summary>Every service the project calls.</summary>
    public static IReadOnlyList<AwsService> All { get; } =
        [ElasticLoadBalancingV2, AutoScaling, CloudWatch, CloudWatchLogs, Acm, Sns, Scheduler, StepFunctions, Ec2, S3, DynamoDb, Sts];

    /// <summary>The service's endpoint variable, e.g. <c>AWS_ENDPOINT_URL_CLOUDWATCH_LOGS</c>.</summary>
    public string EndpointVariable => AwsEnvironment.EndpointUrl + "_" + EnvironmentId;

    /// <summary>The public regional endpoint (China regions use <c>amazonaws.com.cn</c>).</summary>
    public Uri PublicEndpoint(string region)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{EndpointPrefix}.{region}.{suffix}/");
    }
}
