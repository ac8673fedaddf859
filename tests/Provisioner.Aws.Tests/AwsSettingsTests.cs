using Provisioner.Aws.Protocols;

namespace Provisioner.Aws.Tests;

public sealed class AwsSettingsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return name => map.GetValueOrDefault(name);
    }

    [Fact]
    public void FromEnvironment_ServiceVariableWins_OverGlobal_ElseGlobal()
    {
        var settings = AwsSettings.FromEnvironment(Env(
            ("AWS_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"),
            ("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:8083/"),
            ("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://127.0.0.1:4566/")));

        Assert.Equal("eu-west-1", settings.Region);
        Assert.Equal(new Uri("http://127.0.0.1:8083/"), settings.EndpointFor(AwsService.StepFunctions));
        Assert.Equal(new Uri("http://127.0.0.1:4566/"), settings.EndpointFor(AwsService.ElasticLoadBalancingV2));
        Assert.Equal(new Uri("http://127.0.0.1:5000"), settings.EndpointFor(AwsService.CloudWatchLogs));
        Assert.True(settings.HasEndpointOverride);
    }

    [Fact]
    public void FromEnvironment_NoEndpoints_UsesThePublicRegionalEndpoints()
    {
        var settings = AwsSettings.FromEnvironment(Env(("AWS_DEFAULT_REGION", "eu-central-1")));
        Assert.False(settings.HasEndpointOverride);
        Assert.Equal(new Uri("https://elasticloadbalancing.eu-central-1.amazonaws.com/"), settings.EndpointFor(AwsService.ElasticLoadBalancingV2));
        Assert.Equal(new Uri("https://monitoring.eu-central-1.amazonaws.com/"), settings.EndpointFor(AwsService.CloudWatch));
        Assert.Equal(new Uri("https://states.eu-central-1.amazonaws.com/"), settings.EndpointFor(AwsService.StepFunctions));
        Assert.Equal(new Uri("https://scheduler.eu-central-1.amazonaws.com/"), settings.EndpointFor(AwsService.Scheduler));
    }

    [Fact]
    public void FromEnvironment_IgnoreConfiguredEndpointUrls_IgnoresThem()
    {
        var settings = AwsSettings.FromEnvironment(Env(
            ("AWS_REGION", "us-east-1"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")));
        Assert.Equal(new Uri("https://sns.us-east-1.amazonaws.com/"), settings.EndpointFor(AwsService.Sns));
    }

    [Fact]
    public void FromEnvironment_BadEndpoint_NamesTheVariableAndTheRule()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            AwsSettings.FromEnvironment(Env(("AWS_REGION", "us-east-1"), ("AWS_ENDPOINT_URL_ACM", "localhost:4566"))));
        Assert.Contains("AWS_ENDPOINT_URL_ACM", error.Message, StringComparison.Ordinal);
        Assert.Contains("absolute http:// or https:// URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndpointVariables_FollowTheSdkServiceIds()
    {
        Assert.Equal(
            ["AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "AWS_ENDPOINT_URL_AUTO_SCALING", "AWS_ENDPOINT_URL_CLOUDWATCH", "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS",
             "AWS_ENDPOINT_URL_ACM", "AWS_ENDPOINT_URL_SNS", "AWS_ENDPOINT_URL_SCHEDULER", "AWS_ENDPOINT_URL_SFN", "AWS_ENDPOINT_URL_EC2",
             "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_STS"],
            AwsService.All.Select(s => s.EndpointVariable));
    }

    [Fact]
    public void AwsClients_OfficialClients_UseAnOverrideOnlyForTheirOwnService()
    {
        using var clients = new AwsClients(new AwsSettings
        {
            Region = "eu-west-1",
            Credentials = new Amazon.Runtime.BasicAWSCredentials("testing", "testing"),
            ServiceEndpoints = new Dictionary<string, Uri> { ["S3"] = new("http://127.0.0.1:4566/"), ["SFN"] = new("http://127.0.0.1:8083/") },
        });
        var ec2 = clients.Ec2SdkConfig;
        var s3 = (Amazon.S3.AmazonS3Config)clients.S3.Config;
        Assert.Null(ec2.ServiceURL);
        Assert.Equal("eu-west-1", ec2.RegionEndpoint.SystemName);
        Assert.Equal("http://127.0.0.1:4566/", s3.ServiceURL);
        Assert.Equal("eu-west-1", s3.AuthenticationRegion);
        Assert.True(s3.ForcePathStyle);
        Assert.Null(clients.DynamoDb.Config.ServiceURL);
    }

    [Theory]
    [InlineData("http://127.0.0.1:4566/", "/schedules/a", "http://127.0.0.1:4566/schedules/a")]
    [InlineData("http://127.0.0.1:4566/prefix/", "/schedules/a?groupName=g", "http://127.0.0.1:4566/prefix/schedules/a?groupName=g")]
    [InlineData("https://sns.us-east-1.amazonaws.com", "/", "https://sns.us-east-1.amazonaws.com/")]
    public void Combine_KeepsTheEndpointPath(string endpoint, string path, string expected) =>
        Assert.Equal(new Uri(expected), AwsTransport.Combine(new Uri(endpoint), path));
}
