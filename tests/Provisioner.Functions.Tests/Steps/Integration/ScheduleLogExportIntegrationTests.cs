using System.Text.Json.Nodes;
using Provisioner.Core.Naming;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps;
using Provisioner.LocalCloud.Inspection;

namespace Provisioner.Functions.Tests.Steps.Integration;

public sealed class ScheduleLogExportIntegrationTests(LocalCloudFixture fixture) : StepIntegrationTest(fixture), IClassFixture<LocalCloudFixture>
{
    private static ScheduleLogExport Step(StepDependencies deps) => new(deps.CloudWatchLogs, deps.Scheduler, deps.Settings);

    [Fact]
    public async Task Run_CreatesTheTaggedLogGroupWithRetention_AndTheFlexibleSchedule()
    {
        var output = await Step(Deps).RunAsync(Spec.Input(), Ct);

        var made = await MadeByAsync(StepNames.ScheduleLogExport);
        Assert.Equal(output.LogGroupName, Assert.Single(made).Name);
        AssertTagged(made, StepNames.ScheduleLogExport);
        var group = Assert.Single((await Deps.CloudWatchLogs.DescribeLogGroupsAsync(new() { LogGroupNamePrefix = output.LogGroupName }, Ct)).LogGroups);
        Assert.Equal(14, group.RetentionInDays);

        Assert.Equal(output.ScheduleName, Assert.Single(await InspectAsync(), r => r.Type == InspectedTypes.Schedule).Name);
        var schedule = await Deps.Scheduler.GetScheduleAsync(output.ScheduleName, TestSpecs.Settings.ScheduleGroupName, Ct);
        Assert.Equal(TestSpecs.Settings.ScheduleGroupName, schedule.GroupName);
        Assert.Equal(("rate(1 day)", "FLEXIBLE", 60), (schedule.ScheduleExpression, schedule.FlexibleTimeWindow!.Mode, schedule.FlexibleTimeWindow.MaximumWindowInMinutes));
        Assert.Equal(TestSpecs.Settings.LogExportStateMachineArn, schedule.Target!.Arn);
        var input = JsonNode.Parse(schedule.Target.Input!)!;
        Assert.Equal(output.LogGroupName, input["logGroupName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_Twice_GivesTheSameResources()
    {
        var first = await Step(Deps).RunAsync(Spec.Input(), Ct);
        var second = await Step(Deps).RunAsync(Spec.Input(), Ct);

        Assert.Equal(first, second);
        Assert.Equal(2, (await InspectAsync()).Count);
    }

    [Theory]
    [InlineData("logs", "CreateLogGroup")]
    [InlineData("scheduler", "CreateSchedule")]
    public async Task Run_CreateLosesItsResponse_RetriedRunLeavesExactlyOneOfEach(string service, string action)
    {
        LoseResponse(service, action);

        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(Spec.Input(), Ct));
        await Step(SingleAttempt).RunAsync(Spec.Input(), Ct);

        var all = await InspectAsync();
        Assert.Single(all, r => r.Type == InspectedTypes.LogGroup);
        Assert.Single(all, r => r.Type == InspectedTypes.Schedule);
    }

    [Fact]
    public async Task Undo_RemovesTheSchedule_HandsTheGroupOver_TwiceAndWithNothingThereIsDone()
    {
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        await Step(Deps).RunAsync(Spec.Input(), Ct);

        var first = await Step(Deps).UndoAsync(Spec.UndoInput(), Ct);
        var second = await Step(Deps).UndoAsync(Spec.UndoInput(), Ct);

        Assert.Equal(first, second);
        Assert.Equal(Names.LogGroup, first.HandOver?.LogGroupName);
        Assert.Equal(InspectedTypes.LogGroup, Assert.Single(await InspectAsync()).Type); // left for the worker
        await HandOverAsync(first);
        Assert.Empty(await InspectAsync());
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct)); // nothing left to hand over
    }

    [Fact]
    public async Task Run_NextGenerationWhileTheOldGroupIsHandedOver_RetryableUntilTheWorkerDeletedIt_ThenMadeAnew()
    {
        var old = Spec with { Generation = 1 };
        await Step(Deps).RunAsync(old.Input(), Ct);
        var handOver = await Step(Deps).UndoAsync((Spec with { Generation = null }).UndoInput(), Ct); // the teardown (every generation)
        Assert.NotNull(handOver.HandOver);
        var next = Spec with { Generation = 2 };

        var waiting = await Assert.ThrowsAsync<StepFailedException>(() => Step(Deps).RunAsync(next.Input(), Ct));

        Assert.Equal(StepErrors.LogGroupHandOver, waiting.ErrorName); // provision.asl.json retries it
        Assert.Contains("generation 1", waiting.Message, StringComparison.Ordinal);
        Assert.Equal("1", Assert.Single(await InspectAsync(), r => r.Type == InspectedTypes.LogGroup).Tags[ResourceTags.GenerationKey]); // untouched
        await HandOverAsync(handOver);
        await Step(Deps).RunAsync(next.Input(), Ct);
        Assert.Equal("2", Assert.Single(await InspectAsync(), r => r.Type == InspectedTypes.LogGroup).Tags[ResourceTags.GenerationKey]);
    }

    [Fact]
    public async Task Run_OlderGenerationThanTheGroups_EnvironmentExists_NotRetried()
    {
        await Step(Deps).RunAsync((Spec with { Generation = 2 }).Input(), Ct);

        var refused = await Assert.ThrowsAsync<StepFailedException>(() => Step(Deps).RunAsync((Spec with { Generation = 1 }).Input(), Ct));

        Assert.Equal(StepErrors.EnvironmentExists, refused.ErrorName);
    }

    [Fact]
    public async Task Undo_AfterARunThatCrashedBeforeReturning_RemovesWhatItMade()
    {
        LoseResponse("scheduler", "CreateSchedule");
        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(Spec.Input(), Ct));
        Assert.Equal(2, (await InspectAsync()).Count);

        await HandOverAsync(await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Empty(await InspectAsync());
    }

    [Fact]
    public async Task Undo_Rollback_DeletesItsGenerationsGroupItself()
    {
        var spec = Spec with { Generation = 2 };
        await Step(Deps).RunAsync(spec.Input(), Ct);

        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(spec.UndoInput(), Ct));
        Assert.Empty(await InspectAsync());
    }
}
