using System.Text.Json;
using Provisioner.Core.Naming;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Steps;

public sealed class CreateAlarmsTests
{
    private const string LoadBalancer = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/prov-shop-dev-alb/50dc6c495c0c9188";
    private const string TargetGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prov-shop-dev-tg/73e2d6bc24d8a067";
    private readonly FakeCloud _cloud = new();
    private readonly CreateAlarms _step;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public CreateAlarmsTests() => _step = new CreateAlarms(_cloud.CloudWatch, _cloud.Sns);

    private Task<CreateAlarmsOutput> RunAsync() => _step.RunAsync(new(TestSpecs.Spec(), LoadBalancer, TargetGroup), _ct);

    [Fact]
    public async Task Run_CreatesTaggedTopicWithTheEmailSubscription()
    {
        var output = await RunAsync();

        Assert.Equal("arn:aws:sns:us-east-1:123456789012:prov-shop-dev-alerts", output.TopicArn);
        Assert.Equal(StepNames.CreateAlarms, _cloud.Sns.Topics[output.TopicArn][ResourceTags.StepKey]);
        var subscription = Assert.Single(_cloud.Sns.Subscriptions);
        Assert.Equal(("email", "ops@example.com"), (subscription.Protocol, subscription.Endpoint));
    }

    [Fact]
    public async Task Run_CreatesTheThreeAlarmsOnTheRightMetricsAndDimensions()
    {
        var output = await RunAsync();

        Assert.Equal(["prov-shop-dev-cpu-high", "prov-shop-dev-unhealthy-hosts", "prov-shop-dev-alb-5xx"], output.AlarmNames);
        var cpu = _cloud.CloudWatch.Alarms["prov-shop-dev-cpu-high"];
        Assert.Equal(("AWS/EC2", "CPUUtilization", 60.0, 2), (cpu.Namespace, cpu.MetricName, cpu.Threshold, cpu.EvaluationPeriods));
        Assert.Equal([new("AutoScalingGroupName", "prov-shop-dev-asg")], cpu.Dimensions!);
        var unhealthy = _cloud.CloudWatch.Alarms["prov-shop-dev-unhealthy-hosts"];
        Assert.Equal(
            [new("TargetGroup", "targetgroup/prov-shop-dev-tg/73e2d6bc24d8a067"), new("LoadBalancer", "app/prov-shop-dev-alb/50dc6c495c0c9188")],
            unhealthy.Dimensions!);
        var errors = _cloud.CloudWatch.Alarms["prov-shop-dev-alb-5xx"];
        Assert.Equal(("HTTPCode_ELB_5XX_Count", "Sum", "notBreaching"), (errors.MetricName, errors.Statistic, errors.TreatMissingData));
        Assert.All(_cloud.CloudWatch.Alarms.Values, a =>
        {
            Assert.Equal([output.TopicArn], a.AlarmActions!);
            Assert.Equal("shop-dev", a.Tags![ResourceTags.EnvironmentKey]);
        });
    }

    [Fact]
    public async Task Run_PutsADashboardWhoseBodyIsJsonNamingTheEnvironmentsResources()
    {
        var output = await RunAsync();

        var body = _cloud.CloudWatch.Dashboards[output.DashboardName];
        using var document = JsonDocument.Parse(body);
        var widgets = document.RootElement.GetProperty("widgets");
        Assert.Equal(5, widgets.GetArrayLength());
        Assert.Equal("us-east-1", widgets[0].GetProperty("properties").GetProperty("region").GetString());
        Assert.Contains("prov-shop-dev-asg", body, StringComparison.Ordinal);
        Assert.Contains("app/prov-shop-dev-alb/50dc6c495c0c9188", body, StringComparison.Ordinal);
        Assert.Contains("arn:aws:cloudwatch:us-east-1:123456789012:alarm:prov-shop-dev-cpu-high", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Twice_DoesNotSubscribeAgain()
    {
        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal((first.TopicArn, first.DashboardName), (second.TopicArn, second.DashboardName));
        Assert.Equal(first.AlarmNames, second.AlarmNames);
        Assert.Single(_cloud.Sns.Subscriptions);
        Assert.Equal(1, _cloud.Aws.Count("Subscribe"));
        Assert.Equal(3, _cloud.CloudWatch.Alarms.Count);
    }

    [Fact]
    public async Task Undo_RemovesAlarmsDashboardAndTopic_AndIsDoneTwiceAndWithNothingThere()
    {
        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        await RunAsync();

        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));

        Assert.Empty(_cloud.CloudWatch.Alarms);
        Assert.Empty(_cloud.CloudWatch.Dashboards);
        Assert.Empty(_cloud.Sns.Topics);
        Assert.Empty(_cloud.Sns.Subscriptions);
    }

    [Fact]
    public async Task Undo_TakesTheTopicFromTheAlarms_WithoutCreatingIt()
    {
        await RunAsync();

        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));

        Assert.Equal(1, _cloud.Aws.Count("CreateTopic")); // the Run's
        Assert.Empty(_cloud.Sns.Topics);
    }

    [Fact]
    public async Task Undo_AfterACrashRightAfterCreateTopic_StillRemovesTheTopic()
    {
        _cloud.Aws.FailNext("PutMetricAlarm", "InternalFailure", System.Net.HttpStatusCode.InternalServerError);
        await Assert.ThrowsAnyAsync<Exception>(RunAsync);
        Assert.Single(_cloud.Sns.Topics);

        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        Assert.Empty(_cloud.Sns.Topics);
    }
    [Fact]
    public async Task Undo_OfAnotherGenerationsRollback_LeavesTheLiveAlarmsTopicAndDashboard()
    {
        await _step.RunAsync(new(TestSpecs.Spec() with { Generation = 1 }, LoadBalancer, TargetGroup), _ct);

        Assert.Equal(UndoResult.Done, await _step.UndoAsync((TestSpecs.Spec() with { Generation = 2 }).UndoInput(), _ct));

        Assert.Equal(3, _cloud.CloudWatch.Alarms.Count);
        Assert.Single(_cloud.CloudWatch.Dashboards);
        Assert.Single(_cloud.Sns.Topics);
        Assert.Equal(0, _cloud.Aws.Count("DeleteAlarms") + _cloud.Aws.Count("DeleteDashboards") + _cloud.Aws.Count("DeleteTopic"));
    }

    [Fact]
    public async Task Undo_OfATeardown_RemovesEveryGeneration()
    {
        await _step.RunAsync(new(TestSpecs.Spec() with { Generation = 1 }, LoadBalancer, TargetGroup), _ct);

        Assert.Equal(UndoResult.Done, await _step.UndoAsync((TestSpecs.Spec() with { Generation = null }).UndoInput(), _ct));

        Assert.Empty(_cloud.CloudWatch.Alarms);
        Assert.Empty(_cloud.CloudWatch.Dashboards);
        Assert.Empty(_cloud.Sns.Topics);
    }

    [Fact]
    public async Task Run_WhereAnotherGenerationsAlarmsExist_RefusesWithEnvironmentExists_AndOverwritesNothing()
    {
        await _step.RunAsync(new(TestSpecs.Spec() with { Generation = 1 }, LoadBalancer, TargetGroup), _ct);

        var refused = await Assert.ThrowsAsync<StepFailedException>(() => _step.RunAsync(new(TestSpecs.Spec() with { Generation = 2 }, LoadBalancer, TargetGroup), _ct));

        Assert.Equal(StepErrors.EnvironmentExists, refused.ErrorName);
        Assert.Contains("generation 1", refused.Message, StringComparison.Ordinal);
        Assert.Equal(3, _cloud.Aws.Count("PutMetricAlarm"));
        Assert.All(_cloud.CloudWatch.Alarms.Values, a => Assert.Equal("1", a.Tags![ResourceTags.GenerationKey]));
    }
}
