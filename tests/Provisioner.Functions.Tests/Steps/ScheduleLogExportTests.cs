using System.Text.Json;
using Provisioner.Core.Naming;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Steps;

public sealed class ScheduleLogExportTests
{
    private readonly FakeCloud _cloud = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private ScheduleLogExport Step(StepSettings? settings = null) => new(_cloud.Logs, _cloud.Scheduler, settings ?? TestSpecs.Settings);

    [Fact]
    public async Task Run_CreatesTheLogGroupWithRetentionAndTags()
    {
        var output = await Step().RunAsync(TestSpecs.Spec().Input(), _ct);

        Assert.Equal(new ScheduleLogExportOutput("/provisioner/shop-dev/app", "prov-shop-dev-log-export"), output);
        var (tags, retention) = _cloud.Logs.Groups["/provisioner/shop-dev/app"];
        Assert.Equal(14, retention);
        Assert.Equal(StepNames.ScheduleLogExport, tags[ResourceTags.StepKey]);
    }

    [Fact]
    public async Task Run_SchedulesTheExportWorkflowWithAFlexibleWindow()
    {
        await Step().RunAsync(TestSpecs.Spec().Input(), _ct);

        var schedule = _cloud.Scheduler.Schedules["prov-shop-dev-log-export"];
        Assert.Equal(("rate(1 day)", "FLEXIBLE", 60, "ENABLED"), (schedule.ScheduleExpression, schedule.FlexibleTimeWindow.Mode, schedule.FlexibleTimeWindow.MaximumWindowInMinutes, schedule.State));
        Assert.Equal((TestSpecs.Settings.LogExportStateMachineArn, TestSpecs.Settings.SchedulerRoleArn), (schedule.Target.Arn, schedule.Target.RoleArn));
        Assert.Equal("prov-schedules", schedule.GroupName); // the deployment's group: IAM on AWS allows no other
        using var input = JsonDocument.Parse(schedule.Target.Input!);
        Assert.Equal("shop-dev", input.RootElement.GetProperty("environmentId").GetString());
        Assert.Equal("/provisioner/shop-dev/app", input.RootElement.GetProperty("logGroupName").GetString());
        Assert.Equal(1, input.RootElement.GetProperty("generation").GetInt32());
        Assert.False(input.RootElement.GetProperty("final").GetBoolean());
        Assert.False(input.RootElement.TryGetProperty("bucket", out _)); // the worker exports to the deployment's bucket, never a spec's
        Assert.StartsWith(ResourceNames.For("shop-dev").ClientToken(StepNames.ScheduleLogExport) + "-", schedule.ClientToken, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Twice_AndAfterLostResponses_LeavesOneGroupAndOneSchedule()
    {
        _cloud.Aws.LoseResponse("CreateLogGroup");
        await Assert.ThrowsAsync<HttpRequestException>(() => Step().RunAsync(TestSpecs.Spec().Input(), _ct));
        _cloud.Aws.LoseResponse("CreateSchedule");
        await Assert.ThrowsAsync<HttpRequestException>(() => Step().RunAsync(TestSpecs.Spec().Input(), _ct));

        await Step().RunAsync(TestSpecs.Spec().Input(), _ct);
        await Step().RunAsync(TestSpecs.Spec().Input(), _ct);

        Assert.Single(_cloud.Logs.Groups);
        Assert.Single(_cloud.Scheduler.Schedules);
    }

    [Fact]
    public async Task Run_ExistingScheduleWithAnOldExpression_IsUpdatedToTheSpec()
    {
        await Step().RunAsync((TestSpecs.Spec() with { Logs = new() { ExportSchedule = "rate(2 days)" } }).Input(), _ct);

        await Step().RunAsync(TestSpecs.Spec().Input(), _ct);

        Assert.Equal("rate(1 day)", _cloud.Scheduler.Schedules.Values.Single().ScheduleExpression);
    }

    [Fact]
    public async Task Run_WithoutTheExportWorkflowSetting_IsRejectedNamingTheVariable()
    {
        var error = await Assert.ThrowsAsync<StepFailedException>(() => Step(TestSpecs.Settings with { LogExportStateMachineArn = null }).RunAsync(TestSpecs.Spec().Input(), _ct));

        Assert.Equal(StepErrors.Rejected, error.ErrorName);
        Assert.Contains(StepSettings.LogExportStateMachineArnVariable, error.Message, StringComparison.Ordinal);
        Assert.Empty(_cloud.Logs.Groups); // nothing made before the check
    }

    [Fact]
    public async Task Undo_NothingThere_LeavesNothing()
    {
        Assert.Equal(UndoResult.Done, await Step().UndoAsync(TestSpecs.Spec().UndoInput(), _ct));

        Assert.Empty(_cloud.Scheduler.Schedules);
        Assert.Empty(_cloud.Logs.Groups);
    }

    [Fact]
    public async Task Undo_Teardown_DeletesEverySchedule_AndHandsTheLogGroupToTheWorker()
    {
        await Step().RunAsync(TestSpecs.Spec().Input(), _ct);
        var names = ResourceNames.For("shop-dev");

        var result = await Step().UndoAsync(TestSpecs.Spec().UndoInput(), _ct);

        Assert.Equal(UndoStatus.Done, result.Status);
        Assert.Equal(new LogExportHandOver("shop-dev", 1, names.LogGroup, Final: true), result.HandOver);
        Assert.Empty(_cloud.Scheduler.Schedules);
        Assert.True(_cloud.Logs.Groups.ContainsKey(names.LogGroup)); // the worker exports its tail, then deletes it
    }

    [Fact]
    public async Task Undo_Teardown_HandsOverUnderTheGenerationThatMadeTheGroup()
    {
        await Step().RunAsync((TestSpecs.Spec() with { Generation = 3 }).Input(), _ct);

        var result = await Step().UndoAsync(TestSpecs.Spec().UndoInput(), _ct);

        Assert.Equal(3, result.HandOver?.Generation);
        using var input = JsonDocument.Parse(JsonSerializer.Serialize(result, StepJsonContext.Default.UndoResult));
        Assert.Equal(3, input.RootElement.GetProperty("handOver").GetProperty("generation").GetInt32());
        Assert.True(input.RootElement.GetProperty("handOver").GetProperty("final").GetBoolean());
    }

    [Fact]
    public async Task Undo_Rollback_DeletesItsScheduleAndTheLogGroup_WithoutAHandOver()
    {
        var spec = TestSpecs.Spec() with { Generation = 2 };
        await Step().RunAsync(spec.Input(), _ct);

        var result = await Step().UndoAsync(spec.UndoInput(), _ct);

        Assert.Equal(UndoResult.Done, result);
        Assert.Null(result.HandOver);
        Assert.Empty(_cloud.Scheduler.Schedules);
        Assert.Empty(_cloud.Logs.Groups);
        using var output = JsonDocument.Parse(JsonSerializer.Serialize(result, StepJsonContext.Default.UndoResult));
        Assert.False(output.RootElement.TryGetProperty("handOver", out _)); // the teardown's Choice sees no hand-over
    }

    [Fact]
    public async Task Undo_Teardown_ScheduleInTheDeploymentsGroup_IsDeleted_NotLookedForInTheDefaultGroup()
    {
        await Step().RunAsync(TestSpecs.Spec().Input(), _ct);
        Assert.Equal("prov-schedules", _cloud.Scheduler.Schedules.Values.Single().GroupName);

        await Step().UndoAsync(TestSpecs.Spec().UndoInput(), _ct);

        Assert.Empty(_cloud.Scheduler.Schedules);
    }

    [Fact]
    public async Task Undo_Twice_IsDone_AndHandsOverTheSameGroupAgain()
    {
        await Step().RunAsync(TestSpecs.Spec().Input(), _ct);

        var first = await Step().UndoAsync(TestSpecs.Spec().UndoInput(), _ct);
        var second = await Step().UndoAsync(TestSpecs.Spec().UndoInput(), _ct);

        Assert.Equal(UndoStatus.Done, second.Status);
        Assert.Equal(first.HandOver, second.HandOver); // the same worker input, so the same execution name
        Assert.Empty(_cloud.Scheduler.Schedules);
    }

    [Theory]
    [InlineData("rate(1 day)", 60)]
    [InlineData("rate(7 days)", 60)]
    [InlineData("rate(1 hour)", 30)]
    [InlineData("rate(10 minutes)", 5)]
    [InlineData("rate(1 minute)", 1)]
    [InlineData("cron(0 3 * * ? *)", 60)]
    public void WindowMinutes_NeverLetsConsecutiveRunsOverlap(string expression, int expected) =>
        Assert.Equal(expected, ScheduleLogExport.WindowMinutes(expression));
}
