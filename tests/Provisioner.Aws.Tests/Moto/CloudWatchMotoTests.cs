using Provisioner.Aws.CloudWatch;

namespace Provisioner.Aws.Tests.Moto;

public sealed class CloudWatchMotoTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task Alarms_PutDescribeDelete_RoundTrip()
    {
        var topicArn = await Aws.Sns.CreateTopicAsync("prov-shop-dev-alerts", cancellationToken: Ct);
        await Aws.CloudWatch.PutMetricAlarmAsync(new PutMetricAlarmRequest
        {
            AlarmName = "prov-shop-dev-cpu-high",
            AlarmDescription = "CPU above 60 %",
            Namespace = "AWS/EC2",
            MetricName = "CPUUtilization",
            Dimensions = [new MetricDimension("AutoScalingGroupName", "prov-shop-dev-asg")],
            Statistic = "Average",
            Period = 300,
            EvaluationPeriods = 2,
            Threshold = 60,
            ComparisonOperator = "GreaterThanThreshold",
            TreatMissingData = "notBreaching",
            AlarmActions = [topicArn],
            Tags = new Dictionary<string, string> { ["provisioner:environment"] = "shop-dev" },
        }, Ct);

        var alarm = Assert.Single((await Aws.CloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNamePrefix = "prov-shop-dev-" }, Ct)).MetricAlarms);
        Assert.Equal("prov-shop-dev-cpu-high", alarm.AlarmName);
        Assert.Equal(60, alarm.Threshold);
        Assert.Equal(2, alarm.EvaluationPeriods);
        Assert.Equal("GreaterThanThreshold", alarm.ComparisonOperator);
        Assert.Equal([topicArn], alarm.AlarmActions);
        Assert.Equal(new MetricDimension("AutoScalingGroupName", "prov-shop-dev-asg"), Assert.Single(alarm.Dimensions));
        Assert.Equal("shop-dev", (await Aws.CloudWatch.ListTagsForResourceAsync(alarm.AlarmArn!, Ct))["provisioner:environment"]);

        await Aws.CloudWatch.DeleteAlarmsAsync(["prov-shop-dev-cpu-high"], Ct);
        Assert.Empty((await Aws.CloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = ["prov-shop-dev-cpu-high"] }, Ct)).MetricAlarms);
    }

    [Fact]
    public async Task Dashboards_PutDelete_RoundTrip_AndDeletingAgainIsNotFound()
    {
        const string body = """{"widgets":[{"type":"text","x":0,"y":0,"width":6,"height":2,"properties":{"markdown":"shop-dev"}}]}""";
        await Aws.CloudWatch.PutDashboardAsync("prov-shop-dev", body, Ct);
        await Aws.CloudWatch.DeleteDashboardsAsync(["prov-shop-dev"], Ct);
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Aws.CloudWatch.DeleteDashboardsAsync(["prov-shop-dev"], Ct));
        Assert.True(error.IsNotFound, error.Message);
    }
}
