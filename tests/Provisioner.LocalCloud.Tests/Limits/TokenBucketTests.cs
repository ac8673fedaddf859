using Microsoft.Extensions.Time.Testing;
using Provisioner.LocalCloud.Limits;

namespace Provisioner.LocalCloud.Tests.Limits;

public class TokenBucketTests
{
    [Fact]
    public void TryTake_BurstThenRefillAtRate()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(50, 5, time);

        Assert.Equal(50, Enumerable.Range(0, 60).Count(_ => bucket.TryTake()));
        Assert.False(bucket.TryTake());

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => bucket.TryTake()));

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(50, bucket.Tokens);
    }

    [Theory]
    // https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
    [InlineData("ec2", "CreateImage", false, 50, 5)]
    [InlineData("ec2", "DescribeImages", false, 100, 20)]
    [InlineData("ec2", "DescribeInstances", true, 50, 10)]
    [InlineData("ec2", "DescribeInstances", false, 100, 20)]
    [InlineData("ec2", "CreateTags", false, 100, 10)]
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-throttling.html
    [InlineData("elasticloadbalancing", "CreateLoadBalancer", false, 10, 0.2)]
    [InlineData("elasticloadbalancing", "DescribeTargetHealth", false, 40, 10)]
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html
    [InlineData("monitoring", "PutMetricAlarm", false, 3, 3)]
    public void Find_UsesThePublishedFigures(string service, string action, bool unfiltered, double capacity, double refill)
    {
        var rule = RateLimitTable.Find(service, action, unfiltered);

        Assert.NotNull(rule);
        Assert.Equal((capacity, refill), (rule.Capacity, rule.RefillPerSecond));
    }

    [Fact]
    public void Find_ServiceWithoutLimits_IsNull() => Assert.Null(RateLimitTable.Find("s3", "PUT /bucket", false));
}
