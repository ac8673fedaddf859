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

    private async Task<(string Https, string Http)> LoadBalancerAsync()
    {
        var alb = await _cloud.Elb.CreateLoadBalancerAsync(new CreateLoadBalancerRequest { Name = _names.LoadBalancer, Subnets = ["subnet-a", "subnet-b"] }, Ct);
        var https = await _cloud.Elb.CreateListenerAsync(new CreateListenerRequest
        {
            LoadBalancerArn = alb.LoadBalancerArn, Protocol = "HTTPS", Port = 443, CertificateArns = ["arn:aws:acm:us-east-1:123456789012:certificate/1"],
            DefaultActions = [ListenerAction.Forward(_targetGroupArn)],
        }, Ct);
        var http = await _cloud.Elb.CreateListenerAsync(new CreateListenerRequest
        {
            LoadBalancerArn = alb.LoadBalancerArn, Protocol = "HTTP", Port = 80,
            DefaultActions = [ListenerAction.RedirectTo(new RedirectConfig("HTTP_301", "HTTPS", "443"))],
        }, Ct);
        return (https.ListenerArn, http.ListenerArn);
    }

    private List<ListenerRule> RulesOf(string listenerArn) =>
        [.. _cloud.Elb.Rules.Values.Where(r => r.ListenerArn == listenerArn).Select(r => r.Rule)];

    [Fact]
    public async Task Sleep_TheForwardingListenerAnswersAsleep_The503SaysWhoAndHowToWake_TheRedirectIsLeftAlone()
    {
        var spec = _spec with { Hours = new HoursSpec { Sleep = "cron(0 19 ? * MON-FRI *)", Wake = "cron(0 7 ? * MON-FRI *)", Timezone = "Europe/Berlin" } };
        var (https, http) = await LoadBalancerAsync();

        await _hours.SleepAsync(spec, Ct);

        var rule = Assert.Single(RulesOf(https));
        Assert.True(AsleepAnswer.Is(rule));
        Assert.Equal("1", rule.Priority);
        Assert.Equal(["/*"], Assert.Single(rule.Conditions).Values);
        var answer = Assert.Single(rule.Actions).FixedResponse!;
        Assert.Equal(("503", "text/plain"), (answer.StatusCode, answer.ContentType));
        Assert.Equal($"{TestSpecs.EnvironmentId} is asleep outside its office hours (it wakes on cron(0 7 ? * MON-FRI *), Europe/Berlin), or waking up: "
            + $"it answers again once its instances are healthy. Its owner can wake it now: provisioner wake {TestSpecs.EnvironmentId}", answer.MessageBody);
        Assert.Equal(TestSpecs.EnvironmentId, _cloud.Elb.Tags[rule.RuleArn][ResourceTags.EnvironmentKey]);
        Assert.Empty(RulesOf(http));
        Assert.Equal(ListenerAction.Forward(_targetGroupArn), Assert.Single(_cloud.Elb.Listeners[https].DefaultActions));
    }

    [Fact]
    public async Task Sleep_Twice_OneAnswer()
    {
        var (https, _) = await LoadBalancerAsync();

        await _hours.SleepAsync(_spec, Ct);
        await _hours.SleepAsync(_spec, Ct);

        Assert.Single(RulesOf(https));
    }

    [Fact]
    public async Task Wake_TheAnswerStaysUntilEveryTargetIsHealthy_ThenGoes()
    {
        var (https, _) = await LoadBalancerAsync();
        await _hours.SleepAsync(_spec, Ct);

        await _hours.WakeAsync(_spec, Ct);
        _cloud.Elb.Health[_targetGroupArn] = [new TargetHealthDescription("i-1", 8080, "healthy", null, null)];
        await _hours.CheckWakeAsync(_spec, Ct);

        Assert.Single(RulesOf(https));

        _cloud.Elb.Health[_targetGroupArn] = [new TargetHealthDescription("i-1", 8080, "healthy", null, null), new TargetHealthDescription("i-2", 8080, "healthy", null, null)];
        var awake = await _hours.CheckWakeAsync(_spec, Ct);

        Assert.True(awake.IsAwake);
        Assert.Empty(RulesOf(https));
        Assert.Equal(ListenerAction.Forward(_targetGroupArn), Assert.Single(_cloud.Elb.Listeners[https].DefaultActions));
    }

    [Fact]
    public async Task Sleep_ARuleThatIsNotTheAnswerAtItsPriority_FailsLoudly_NothingDeleted()
    {
        var (https, _) = await LoadBalancerAsync();
        var foreign = await _cloud.Elb.CreateRuleAsync(new CreateRuleRequest
        {
            ListenerArn = https, Priority = AsleepAnswer.Priority, Conditions = [RuleCondition.PathPattern("/admin/*")], Actions = [ListenerAction.Forward(_targetGroupArn)],
        }, Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _hours.SleepAsync(_spec, Ct));

        Assert.Contains(foreign.RuleArn, error.Message, StringComparison.Ordinal);
        Assert.Equal([foreign], RulesOf(https));
    }

    [Fact]
    public async Task Sleep_LoadBalancerGone_TheGroupStillGoesToZero()
    {
        await _hours.SleepAsync(_spec, Ct);

        Assert.Equal((0, 3, 0), (Group.MinSize, Group.MaxSize, Group.DesiredCapacity));
        Assert.Empty(_cloud.Elb.Rules);
    }
}
