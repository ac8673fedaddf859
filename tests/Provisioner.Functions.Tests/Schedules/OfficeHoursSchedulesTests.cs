using System.Text.Json.Nodes;
using Provisioner.Aws;
using Provisioner.Core.Spec;
using Provisioner.Functions.Schedules;
using Provisioner.Functions.Tests.Steps;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Schedules;

public sealed class OfficeHoursSchedulesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly OfficeHoursTargets Targets = OfficeHoursWorld.Targets;

    private readonly FakeAws _aws = new();
    private readonly FakeScheduler _scheduler;
    private readonly OfficeHoursSchedules _schedules;

    private readonly EnvironmentSpec _spec = TestSpecs.Spec() with
    {
        Hours = new HoursSpec { Sleep = "cron(0 19 ? * MON-FRI *)", Wake = "cron(30 7 ? * MON-FRI *)", Timezone = "Europe/Berlin" },
    };

    public OfficeHoursSchedulesTests()
    {
        _scheduler = new FakeScheduler(_aws);
        _schedules = new OfficeHoursSchedules(_scheduler, Targets);
    }

    [Fact]
    public async Task Set_SleepAndWakeCronInTheSpecsZone_InTheDeploymentsGroup_CallingTheirFunctions()
    {
        await _schedules.SetAsync(_spec, 3, Ct);

        Assert.Equal(["prov-shop-dev-sleep", "prov-shop-dev-wake"], _scheduler.Schedules.Keys.Order(StringComparer.Ordinal));
        var sleep = _scheduler.Schedules["prov-shop-dev-sleep"];
        var wake = _scheduler.Schedules["prov-shop-dev-wake"];
        Assert.Equal("cron(0 19 ? * MON-FRI *)", sleep.ScheduleExpression);
        Assert.Equal("cron(30 7 ? * MON-FRI *)", wake.ScheduleExpression);
        Assert.Equal(Targets.SleepFunctionArn, sleep.Target.Arn);
        Assert.Equal(Targets.WakeFunctionArn, wake.Target.Arn);
        Assert.All(new[] { sleep, wake }, r =>
        {
            Assert.Equal("prov-schedules", r.GroupName);
            // The zone is the spec's, so the cron follows its daylight-saving changes.
            Assert.Equal("Europe/Berlin", r.ScheduleExpressionTimezone);
            Assert.Equal("OFF", r.FlexibleTimeWindow.Mode);
            Assert.Equal("ENABLED", r.State);
            // Recurring: never deleted after completion.
            Assert.Null(r.ActionAfterCompletion);
            Assert.Equal(Targets.RoleArn, r.Target.RoleArn);
            var input = JsonNode.Parse(r.Target.Input!)!;
            Assert.Equal("shop-dev", (string?)input["environmentId"]);
            Assert.Equal(3, (int)input["generation"]!);
        });
    }

    [Fact]
    public async Task Set_Again_UpdatesTheWholeScheduleNeverTwo()
    {
        await _schedules.SetAsync(_spec, 1, Ct);
        var later = _spec with { Hours = _spec.Hours! with { Sleep = "cron(0 21 ? * * *)", Timezone = "America/New_York" } };

        await _schedules.SetAsync(later, 2, Ct);

        Assert.Equal(2, _scheduler.Schedules.Count);
        Assert.Equal(2, _aws.Count("UpdateSchedule"));
        var sleep = _scheduler.Schedules["prov-shop-dev-sleep"];
        Assert.Equal("cron(0 21 ? * * *)", sleep.ScheduleExpression);
        // Update resets what it is not sent: the update carries every field.
        Assert.Equal("America/New_York", sleep.ScheduleExpressionTimezone);
        Assert.Equal("prov-schedules", sleep.GroupName);
        Assert.Equal(Targets.RoleArn, sleep.Target.RoleArn);
        Assert.Equal("OFF", sleep.FlexibleTimeWindow.Mode);
        Assert.Equal(2, (int)JsonNode.Parse(sleep.Target.Input!)!["generation"]!);
    }

    [Fact]
    public void Requests_SpecWithoutHours_ArgumentErrorNamingTheEnvironment()
    {
        var error = Assert.Throws<ArgumentException>(() => _schedules.Requests(TestSpecs.Spec(), 1));

        Assert.Contains("'shop-dev' has no office hours", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckWakeAt_OneTimeUtcSchedule_KeptAfterItFiresSoTheCheckCanMoveIt()
    {
        await _schedules.CheckWakeAtAsync("shop-dev", 2, new DateTimeOffset(2026, 12, 1, 7, 30, 30, TimeSpan.FromHours(1)), Ct);

        var check = Assert.Single(_scheduler.Schedules.Values);
        Assert.Equal("prov-shop-dev-wake-check", check.Name);
        Assert.Equal("at(2026-12-01T06:30:30)", check.ScheduleExpression);
        Assert.Equal("UTC", check.ScheduleExpressionTimezone);
        // Not DELETE: the check moves this schedule while it fires; a delete after completion would take the moved one.
        Assert.Null(check.ActionAfterCompletion);
        Assert.Equal("prov-schedules", check.GroupName);
        Assert.Equal(Targets.CheckWakeFunctionArn, check.Target.Arn);
        Assert.Equal(2, (int)JsonNode.Parse(check.Target.Input!)!["generation"]!);
    }

    [Fact]
    public async Task CheckWakeAt_Again_MovesTheOneScheduleWithEveryField()
    {
        var first = new DateTimeOffset(2026, 12, 1, 6, 30, 0, TimeSpan.Zero);
        await _schedules.CheckWakeAtAsync("shop-dev", 1, first, Ct);

        await _schedules.CheckWakeAtAsync("shop-dev", 1, first.AddSeconds(30), Ct);

        var check = Assert.Single(_scheduler.Schedules.Values);
        Assert.Equal("at(2026-12-01T06:30:30)", check.ScheduleExpression);
        Assert.Equal("UTC", check.ScheduleExpressionTimezone);
        Assert.Equal(OfficeHoursWorld.Targets.CheckWakeFunctionArn, check.Target.Arn);
        Assert.Equal(1, _aws.Count("UpdateSchedule"));
    }

    [Fact]
    public async Task CheckWakeAt_DeletedBetweenCreateAndUpdate_CreatedAgain()
    {
        var at = new DateTimeOffset(2026, 12, 1, 6, 30, 0, TimeSpan.Zero);
        await _schedules.CheckWakeAtAsync("shop-dev", 1, at, Ct);
        // Deleted (a teardown's delete, or by hand) between the ConflictException and the update.
        _aws.Before("UpdateSchedule", () => _scheduler.Schedules.Remove("prov-shop-dev-wake-check"));

        await _schedules.CheckWakeAtAsync("shop-dev", 1, at.AddMinutes(1), Ct);

        Assert.Equal("at(2026-12-01T06:31:00)", Assert.Single(_scheduler.Schedules.Values).ScheduleExpression);
        Assert.Equal(3, _aws.Count("CreateSchedule"));
    }

    [Fact]
    public async Task Set_SchedulerFailsOtherwise_TheErrorIsRaised()
    {
        _aws.FailNext("CreateSchedule", "ValidationException");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _schedules.SetAsync(_spec, 1, Ct));

        Assert.Equal("ValidationException", error.ErrorCode);
    }

    [Fact]
    public async Task Remove_DeletesSleepWakeAndWakeCheck_AbsentOnesAreFine()
    {
        await _schedules.SetAsync(_spec, 1, Ct);
        await _schedules.CheckWakeAtAsync("shop-dev", 1, new DateTimeOffset(2026, 12, 1, 6, 30, 0, TimeSpan.Zero), Ct);
        await _schedules.SetAsync(_spec with { EnvironmentId = "other-env" }, 1, Ct);

        await _schedules.RemoveAsync("shop-dev", Ct);
        await _schedules.RemoveAsync("shop-dev", Ct);

        Assert.Equal(["prov-other-env-sleep", "prov-other-env-wake"], _scheduler.Schedules.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(6, _aws.Count("DeleteSchedule"));
    }
}
