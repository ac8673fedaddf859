using System.Net;
using System.Text.Json.Nodes;
using Amazon.EC2;
using Amazon.EC2.Model;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Limits;

public class ThrottlingTests(MotoFixture moto)
{
    // EC2 mutating actions: bucket 50, refill 5/s; over it: RequestLimitExceeded.
    // https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
    [Fact]
    public async Task Ec2_MutatingBurstOf50_ThenRequestLimitExceeded_RefillsFivePerSecond()
    {
        using var cloud = new TestCloud(moto, rateLimits: true);
        var ct = TestContext.Current.CancellationToken;
        var request = new DeleteKeyPairRequest { KeyName = MotoFixture.Unique("none") };

        for (var i = 0; i < 50; i++)
        {
            await cloud.Ec2.DeleteKeyPairAsync(request, ct);
        }
        var throttled = await Assert.ThrowsAsync<AmazonEC2Exception>(() => cloud.Ec2.DeleteKeyPairAsync(request, ct));
        cloud.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < 5; i++)
        {
            await cloud.Ec2.DeleteKeyPairAsync(request, ct);
        }
        var again = await Assert.ThrowsAsync<AmazonEC2Exception>(() => cloud.Ec2.DeleteKeyPairAsync(request, ct));

        Assert.Equal(("RequestLimitExceeded", HttpStatusCode.ServiceUnavailable), (throttled.ErrorCode, throttled.StatusCode));
        Assert.Equal("RequestLimitExceeded", again.ErrorCode);
    }

    // ELBv2 CreateLoadBalancer: bucket 10, refill 0.2/s; over it: Throttling / "Rate exceeded" (Query XML).
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-throttling.html
    [Fact]
    public async Task ElbV2_CreateLoadBalancerBeyondTen_ThrottlingQueryError()
    {
        using var cloud = new TestCloud(moto, rateLimits: true);
        for (var i = 0; i < 10; i++)
        {
            var result = await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateLoadBalancer", ("Name", MotoFixture.Unique("bad")));
            Assert.NotEqual("Throttling", result.Error);
        }

        var throttled = await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateLoadBalancer", ("Name", MotoFixture.Unique("bad")));
        cloud.Advance(TimeSpan.FromSeconds(5));
        var refilled = await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateLoadBalancer", ("Name", MotoFixture.Unique("bad")));

        Assert.Equal(HttpStatusCode.BadRequest, throttled.Status);
        Assert.Equal(("ErrorResponse", "Throttling", "Sender", "Rate exceeded"),
            (throttled.Xml.Root!.Name.LocalName, throttled.Error, throttled.First("Type"), throttled.First("Message")));
        Assert.NotEqual("Throttling", refilled.Error);
    }

    // CloudWatch PutMetricAlarm: 3 transactions per second.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html
    [Fact]
    public async Task CloudWatch_PutMetricAlarmBeyondThreePerSecond_Throttling()
    {
        using var cloud = new TestCloud(moto, rateLimits: true);
        var results = new List<RawAws.QueryResult>();
        for (var i = 0; i < 4; i++)
        {
            results.Add(await cloud.Aws.QueryAsync("monitoring", "PutMetricAlarm",
                ("AlarmName", MotoFixture.Unique("alarm")), ("MetricName", "CPUUtilization"), ("Namespace", "AWS/EC2"),
                ("Statistic", "Average"), ("Period", "60"), ("EvaluationPeriods", "1"), ("Threshold", "60"),
                ("ComparisonOperator", "GreaterThanThreshold")));
        }

        Assert.All(results.Take(3), r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Equal("Throttling", results[3].Error);
    }

    // JSON services answer ThrottlingException (CloudWatch Logs: "Rate exceeded").
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html
    [Fact]
    public async Task Logs_BeyondTheRate_ThrottlingExceptionJson()
    {
        using var cloud = new TestCloud(moto, rateLimits: true);
        var body = new JsonObject { ["logGroupName"] = "/nope/" + MotoFixture.Unique("g"), ["from"] = 0, ["to"] = 1, ["destination"] = "b" };

        var first = await cloud.Aws.JsonAsync("logs", "CreateExportTask", body.DeepClone().AsObject());
        var second = await cloud.Aws.JsonAsync("logs", "CreateExportTask", body.DeepClone().AsObject());

        Assert.NotEqual("ThrottlingException", first.ErrorType);
        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal("ThrottlingException", second.ErrorType);
        Assert.Equal("ThrottlingException", second.Json["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task RateLimitsOff_NoThrottling()
    {
        using var cloud = new TestCloud(moto, rateLimits: false);
        var ct = TestContext.Current.CancellationToken;
        for (var i = 0; i < 60; i++)
        {
            await cloud.Ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyName = "none" }, ct);
        }
    }
}
