using System.Text.Json.Nodes;
using Provisioner.Aws.AutoScaling;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Aws.StepFunctions;
using Provisioner.Core.Naming;
using Provisioner.Functions.Api;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Schedules;
using Provisioner.Functions.Tests.Api;
using Provisioner.Functions.Tests.Steps;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Schedules;

/// <summary>
/// An environment with office hours over the API harness (in-memory registry, fake clock) and the recording
/// AWS fakes: its Auto Scaling group (min 1, max 3, desired 2), target group and alarms exist as the
/// provision made them, and the transitions and the status handler use the real <see cref="OfficeHoursSchedules"/>
/// over the fake Scheduler.
/// </summary>
internal sealed class OfficeHoursWorld
{
    public const string Id = "shop-dev";

    public static readonly OfficeHoursTargets Targets = new(
        "prov-schedules", "arn:aws:iam::123456789012:role/prov-scheduler",
        "arn:aws:lambda:us-east-1:123456789012:function:prov-office-sleep",
        "arn:aws:lambda:us-east-1:123456789012:function:prov-office-wake",
        "arn:aws:lambda:us-east-1:123456789012:function:prov-office-check-wake");

    public OfficeHoursWorld(bool withOfficeHours = true)
    {
        Schedules = new OfficeHoursSchedules(Cloud.Scheduler, Targets);
        Hours = new OfficeHours(Cloud.AutoScaling, Cloud.CloudWatch, Cloud.Elb, TestSpecs.Settings);
        Api = withOfficeHours
            ? new ApiHarness(officeHours: (registry, time) => new OfficeHoursTransitions(registry, Hours, Schedules, new ApiOptions(), time), officeHoursSchedules: Schedules)
            : new ApiHarness();
        TargetGroupArn = Cloud.Elb.CreateTargetGroupAsync(new CreateTargetGroupRequest { Name = Names.TargetGroup, Port = 5000, VpcId = "vpc-1" }, Ct).GetAwaiter().GetResult().TargetGroupArn;
        Cloud.AutoScaling.CreateAutoScalingGroupAsync(new CreateAutoScalingGroupRequest
        {
            AutoScalingGroupName = Names.AutoScalingGroup,
            LaunchTemplate = new LaunchTemplateSpecification(null, Names.LaunchTemplate, "$Latest"),
            MinSize = 1,
            MaxSize = 3,
            DesiredCapacity = 2,
            SubnetIds = ["subnet-a", "subnet-b"],
            TargetGroupArns = [TargetGroupArn],
        }, Ct).GetAwaiter().GetResult();
        foreach (var alarm in Names.Alarms)
        {
            Cloud.CloudWatch.Alarms[alarm] = new Aws.CloudWatch.PutMetricAlarmRequest
            {
                AlarmName = alarm, Namespace = "AWS/EC2", MetricName = "CPUUtilization", Statistic = "Average",
                Period = 300, EvaluationPeriods = 2, Threshold = 60, ComparisonOperator = "GreaterThanThreshold",
            };
        }
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public FakeCloud Cloud { get; } = new(TestSpecs.Settings);

    public OfficeHoursSchedules Schedules { get; }

    public OfficeHours Hours { get; }

    public ApiHarness Api { get; }

    public OfficeHoursTransitions Transitions => Api.Api.OfficeHours!;

    public ResourceNames Names { get; } = ResourceNames.For(Id);

    public string TargetGroupArn { get; }

    public AutoScalingGroup Group => Cloud.AutoScaling.Groups[Names.AutoScalingGroup];

    public (int Min, int Max, int Desired) Sizes => (Group.MinSize, Group.MaxSize, Group.DesiredCapacity);

    public bool?[] ActionsEnabled => [.. Names.Alarms.Select(a => Cloud.CloudWatch.Alarms[a].ActionsEnabled)];

    /// <summary>The spec the API is given: the harness's, with min 1 / desired 2 and weekday office hours in Berlin.</summary>
    public static JsonObject Spec(bool hours = true)
    {
        var spec = ApiHarness.Spec();
        spec["scaling"] = new JsonObject { ["min"] = 1, ["max"] = 3, ["desired"] = 2 };
        if (hours)
        {
            spec["hours"] = new JsonObject { ["sleep"] = "cron(0 19 ? * MON-FRI *)", ["wake"] = "cron(30 7 ? * MON-FRI *)", ["timezone"] = "Europe/Berlin" };
        }
        return spec;
    }

    /// <summary>Created through the API and its provision succeeded: READY, with its office-hours schedules armed.</summary>
    public async Task<EnvironmentRecord> ReadyAsync(bool hours = true)
    {
        Assert.Equal(202, (await Api.PostAsync("/environments", Spec(hours), ApiHarness.DevA)).Status);
        await Api.FinishAsync(Id, ExecutionStatus.Succeeded);
        var record = await RecordAsync();
        Assert.Equal(EnvironmentStatus.Ready, record.Status);
        return record;
    }

    public async Task<EnvironmentRecord> RecordAsync() => (await Api.Registry.GetAsync(Id, Ct))!;

    /// <summary>The target group's health as DescribeTargetHealth answers it: <paramref name="healthy"/> healthy targets, then <paramref name="initial"/> still checking.</summary>
    public void SetTargetHealth(int healthy, int initial = 0) =>
        Cloud.Elb.Health[TargetGroupArn] =
        [
            .. Enumerable.Range(1, healthy).Select(i => new TargetHealthDescription($"i-h{i}", 5000, "healthy", null, null)),
            .. Enumerable.Range(1, initial).Select(i => new TargetHealthDescription($"i-n{i}", 5000, "initial", "Elb.InitialHealthChecking", null)),
        ];
}
