using Provisioner.Core.Naming;
using Provisioner.Functions.Steps;
using Provisioner.LocalCloud.Inspection;

namespace Provisioner.Functions.Tests.Steps.Integration;

public sealed class CreateAlarmsIntegrationTests(LocalCloudFixture fixture) : StepIntegrationTest(fixture), IClassFixture<LocalCloudFixture>
{
    private const string LoadBalancer = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/prov-shop-dev-alb/50dc6c495c0c9188";
    private const string TargetGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prov-shop-dev-tg/73e2d6bc24d8a067";

    private static CreateAlarms Step(StepDependencies deps) => new(deps.CloudWatch, deps.Sns);

    private CreateAlarmsInput Input => new(Spec, LoadBalancer, TargetGroup);

    [Fact]
    public async Task Run_CreatesTheTaggedTopicAndAlarms_AndTheDashboard()
    {
        var output = await Step(Deps).RunAsync(Input, Ct);

        var made = await MadeByAsync(StepNames.CreateAlarms);
        Assert.Equal(output.TopicArn, Assert.Single(made, r => r.Type == InspectedTypes.Topic).Id);
        Assert.Equal(output.AlarmNames.Order(StringComparer.Ordinal), made.Where(r => r.Type == InspectedTypes.Alarm).Select(r => r.Name!).Order(StringComparer.Ordinal));
        AssertTagged(made, StepNames.CreateAlarms);
        Assert.Equal(output.DashboardName, Assert.Single(await InspectAsync(), r => r.Type == InspectedTypes.Dashboard).Name);
        var subscriptions = await Deps.Sns.ListSubscriptionsByTopicAsync(output.TopicArn, cancellationToken: Ct);
        Assert.Equal("ops@example.com", Assert.Single(subscriptions.Subscriptions).Endpoint);
    }

    [Fact]
    public async Task Run_Twice_GivesTheSameResources()
    {
        await Step(Deps).RunAsync(Input, Ct);
        var before = (await InspectAsync()).Select(r => r.Id).Order().ToList();

        await Step(Deps).RunAsync(Input, Ct);

        Assert.Equal(before, (await InspectAsync()).Select(r => r.Id).Order());
        Assert.Single((await Deps.Sns.ListSubscriptionsByTopicAsync(Assert.Single(await InspectAsync(), r => r.Type == InspectedTypes.Topic).Id, cancellationToken: Ct)).Subscriptions);
    }

    [Theory]
    [InlineData("sns", "CreateTopic")]
    [InlineData("monitoring", "PutMetricAlarm")]
    public async Task Run_CreateLosesItsResponse_RetriedRunLeavesExactlyOneOfEach(string service, string action)
    {
        LoseResponse(service, action);

        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(Input, Ct));
        await Step(SingleAttempt).RunAsync(Input, Ct);

        var all = await InspectAsync();
        Assert.Single(all, r => r.Type == InspectedTypes.Topic);
        Assert.Equal(3, all.Count(r => r.Type == InspectedTypes.Alarm));
        Assert.Single(all, r => r.Type == InspectedTypes.Dashboard);
    }

    [Fact]
    public async Task Undo_RemovesEverything_TwiceAndWithNothingThereIsDone()
    {
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Empty(await InspectAsync());
        await Step(Deps).RunAsync(Input, Ct);

        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Empty(await InspectAsync());
    }

    [Fact]
    public async Task Undo_AfterARunThatCrashedBeforeReturning_RemovesWhatItMade()
    {
        LoseResponse("monitoring", "PutDashboard");
        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(Input, Ct));
        Assert.NotEmpty(await InspectAsync());

        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Empty(await InspectAsync());
    }
}
