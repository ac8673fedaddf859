using System.Net;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Rules;

public class CloudWatchRulesTests(MotoFixture moto)
{
    private static async Task PutAlarmAsync(TestCloud cloud, string name, bool? actionsEnabled = null)
    {
        (string, string)[] parameters =
        [
            ("AlarmName", name), ("Namespace", "AWS/EC2"), ("MetricName", "CPUUtilization"), ("Statistic", "Average"),
            ("Period", "300"), ("EvaluationPeriods", "2"), ("Threshold", "60"), ("ComparisonOperator", "GreaterThanThreshold"),
            ("AlarmActions.member.1", "arn:aws:sns:us-east-1:123456789012:alerts"),
        ];
        if (actionsEnabled is { } enabled)
        {
            parameters = [.. parameters, ("ActionsEnabled", enabled ? "true" : "false")];
        }
        var put = await cloud.Aws.QueryAsync("monitoring", "PutMetricAlarm", parameters);
        Assert.Equal(HttpStatusCode.OK, put.Status);
    }

    private static async Task<Dictionary<string, string?>> ActionsEnabledAsync(TestCloud cloud, params string[] names)
    {
        var described = await cloud.Aws.QueryAsync("monitoring", "DescribeAlarms",
            [.. names.Select((n, i) => ($"AlarmNames.member.{i + 1}", n))]);
        Assert.Equal(HttpStatusCode.OK, described.Status);
        return described.All("MetricAlarms").SelectMany(e => e.Elements())
            .ToDictionary(a => a.Elements().First(e => e.Name.LocalName == "AlarmName").Value,
                a => a.Elements().FirstOrDefault(e => e.Name.LocalName == "ActionsEnabled")?.Value.ToLowerInvariant());
    }

    // AWS: DisableAlarmActions "Disables the actions for the specified alarms. When an alarm's actions are disabled,
    // the alarm actions do not execute when the alarm state changes"; EnableAlarmActions enables them again; both
    // answer an empty success, and DescribeAlarms shows ActionsEnabled.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DisableAlarmActions.html
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_EnableAlarmActions.html
    // (moto 5.2.1 answers both with a 500: they are answered by the layer.)
    [Fact]
    public async Task DisableThenEnableAlarmActions_EmptySuccess_DescribeAlarmsShowsActionsEnabled()
    {
        using var cloud = new TestCloud(moto);
        var cpu = MotoFixture.Unique("cpu-high");
        var hosts = MotoFixture.Unique("unhealthy");
        await PutAlarmAsync(cloud, cpu);
        await PutAlarmAsync(cloud, hosts);
        Assert.Equal(["true", "true"], (await ActionsEnabledAsync(cloud, cpu, hosts)).Values);

        var disabled = await cloud.Aws.QueryAsync("monitoring", "DisableAlarmActions",
            ("AlarmNames.member.1", cpu), ("AlarmNames.member.2", hosts), ("AlarmNames.member.3", MotoFixture.Unique("no-such-alarm")));

        Assert.Equal(HttpStatusCode.OK, disabled.Status);
        Assert.Null(disabled.Error);
        Assert.Equal(new Dictionary<string, string?> { [cpu] = "false", [hosts] = "false" }, await ActionsEnabledAsync(cloud, cpu, hosts));

        var enabled = await cloud.Aws.QueryAsync("monitoring", "EnableAlarmActions", ("AlarmNames.member.1", cpu));

        Assert.Equal(HttpStatusCode.OK, enabled.Status);
        Assert.Equal(new Dictionary<string, string?> { [cpu] = "true", [hosts] = "false" }, await ActionsEnabledAsync(cloud, cpu, hosts));
    }

    // AWS: PutMetricAlarm "ActionsEnabled: Indicates whether actions should be executed during any changes to the
    // alarm state. The default is TRUE": putting the alarm again sets the switch; a deleted alarm is gone with it.
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
    [Fact]
    public async Task PutMetricAlarmAgain_SetsActionsEnabledItself_DeleteForgetsTheSwitch()
    {
        using var cloud = new TestCloud(moto);
        var cpu = MotoFixture.Unique("cpu-high");
        await PutAlarmAsync(cloud, cpu);
        await cloud.Aws.QueryAsync("monitoring", "DisableAlarmActions", ("AlarmNames.member.1", cpu));

        await PutAlarmAsync(cloud, cpu);

        Assert.Equal("true", (await ActionsEnabledAsync(cloud, cpu))[cpu]);

        await cloud.Aws.QueryAsync("monitoring", "DisableAlarmActions", ("AlarmNames.member.1", cpu));
        Assert.Equal(HttpStatusCode.OK, (await cloud.Aws.QueryAsync("monitoring", "DeleteAlarms", ("AlarmNames.member.1", cpu))).Status);
        await PutAlarmAsync(cloud, cpu);

        Assert.Equal("true", (await ActionsEnabledAsync(cloud, cpu))[cpu]);
    }

    // AWS: "AlarmNames: Array Members: Maximum number of 100 items."
    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DisableAlarmActions.html
    [Fact]
    public async Task DisableAlarmActions_MoreThan100Names_ValidationError()
    {
        using var cloud = new TestCloud(moto);

        var tooMany = await cloud.Aws.QueryAsync("monitoring", "DisableAlarmActions",
            [.. Enumerable.Range(1, 101).Select(i => ($"AlarmNames.member.{i}", $"alarm-{i}"))]);

        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Equal("ValidationError", tooMany.Error);
    }
}
