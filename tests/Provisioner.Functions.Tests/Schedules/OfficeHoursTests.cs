using Provisioner.Aws.AutoScaling;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Functions.Schedules;
using Provisioner.Functions.Tests.Steps;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Schedules;

public sealed class OfficeHoursTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeCloud _cloud = new(TestSpecs.Settings);
    private readonly EnvironmentSpec _spec = TestSpecs.Spec() with { Scaling = new ScalingSpec { Min = 1, Max = 3, Desired = 2 } };
    private readonly ResourceNames _names = ResourceNames.For(TestSpecs.EnvironmentId);
    private readonly OfficeHours _hours;
    private readonly string _targetGroupArn;

    public OfficeHoursTests()
    {
        _hours = new OfficeHours(_cloud.AutoScaling, _cloud.CloudWatch, _cloud.Elb, TestSpecs.Settings);
        _targetGroupArn = _cloud.Elb.CreateTargetGroupAsync(new CreateTargetGroupRequest { Name = _names.TargetGroup, Port = 8080, VpcId = "vpc-1" }, Ct).GetAwaiter().GetResult().TargetGroupArn;
        _cloud.AutoScaling.CreateAutoScalingGroupAsync(new CreateAutoScalingGroupRequest
        {
            AutoScalingGroupName = _names.AutoScalingGroup,
            LaunchTemplate = new LaunchTemplateSpecification(null, _names.LaunchTemplate, "$Latest"),
            MinSize = 1,
            MaxSize = 3,
            DesiredCapacity = 2,
            SubnetIds = ["subnet-a", "subnet-b"],
            TargetGroupArns = [_targetGroupArn],
        }, Ct).GetAwaiter().GetResult();
        foreach (var alarm in _names.Alarms)
        {
            _cloud.CloudWatch.Alarms[alarm] = new Aws.CloudWatch.PutMetricAlarmRequest
            {
                AlarmName = alarm, Namespace = "AWS/EC2", MetricName = "CPUUtilization", Statistic = "Average",
                Period = 300, EvaluationPeriods = 2, Threshold = 60, ComparisonOperator = "GreaterThanThreshold",
            };
        }
    }

    private AutoScalingGroup Group => _cloud.AutoScaling.Groups[_names.AutoScalingGroup];

    private bool?[] ActionsEnabled => [.. _names.Alarms.Select(a => _cloud.CloudWatch.Alarms[a].ActionsEnabled)];

    [Fact]
    public async Task Sleep_ScalesToZeroKeepingMax_AndDisablesAlarmActions()
    {
        await _hours.SleepAsync(_spec, Ct);

        Assert.Equal((0, 3, 0), (Group.MinSize, Group.MaxSize, Group.DesiredCapacity));
        Assert.All(ActionsEnabled, enabled => Assert.False(enabled));
    }

    [Fact]
    public async Task Sleep_Twice_SameState()
    {
        await _hours.SleepAsync(_spec, Ct);
        await _hours.SleepAsync(_spec, Ct);

        Assert.Equal((0, 3, 0), (Group.MinSize, Group.MaxSize, Group.DesiredCapacity));
    }

    [Fact]
    public async Task Wake_RestoresTheSpecsSizes_AlarmsStayDisabledUntilHealthy()
    {
        await _hours.SleepAsync(_spec, Ct);

        await _hours.WakeAsync(_spec, Ct);

        Assert.Equal((1, 3, 2), (Group.MinSize, Group.MaxSize, Group.DesiredCapacity));
        Assert.All(ActionsEnabled, enabled => Assert.False(enabled));
    }

    [Fact]
    public async Task CheckWake_OneOfTwoHealthy_NotAwake_ThenBoth_AwakeAndAlarmActionsEnabled()
    {
        await _hours.SleepAsync(_spec, Ct);
        await _hours.WakeAsync(_spec, Ct);
        _cloud.Elb.Health[_targetGroupArn] =
        [
            new TargetHealthDescription("i-1", 8080, "healthy", null, null),
            new TargetHealthDescription("i-2", 8080, "initial", "Elb.InitialHealthChecking", null),
            new TargetHealthDescription("i-old", 8080, "draining", "Target.DeregistrationInProgress", null),
        ];

        var first = await _hours.CheckWakeAsync(_spec, Ct);

        Assert.Equal(new WakeProgress(2, 1), first);
        Assert.False(first.IsAwake);
        Assert.All(ActionsEnabled, enabled => Assert.False(enabled));

        _cloud.Elb.Health[_targetGroupArn] =
        [
            new TargetHealthDescription("i-1", 8080, "healthy", null, null),
            new TargetHealthDescription("i-2", 8080, "healthy", null, null),
        ];
        var second = await _hours.CheckWakeAsync(_spec, Ct);

        Assert.True(second.IsAwake);
        Assert.All(ActionsEnabled, enabled => Assert.True(enabled));
    }

    [Fact]
    public async Task FakeGroup_DesiredBelowMin_IsAwsValidationError()
    {
        var error = await Assert.ThrowsAsync<Aws.AwsServiceException>(() => _cloud.AutoScaling.UpdateAutoScalingGroupAsync(
            new UpdateAutoScalingGroupRequest { AutoScalingGroupName = _names.AutoScalingGroup, DesiredCapacity = 0 }, Ct));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Contains("Desired capacity:0 must be between the specified min size:1 and max size:3", error.Message, StringComparison.Ordinal);
    }
}
