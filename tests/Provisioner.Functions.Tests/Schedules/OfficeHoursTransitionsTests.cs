using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Schedules;

namespace Provisioner.Functions.Tests.Schedules;

public sealed class OfficeHoursTransitionsTests
{
    private static CancellationToken Ct => OfficeHoursWorld.Ct;

    private readonly OfficeHoursWorld _w = new();

    /// <summary>Puts the item in <paramref name="status"/> as another writer would (a conditional write of its own).</summary>
    private async Task<EnvironmentRecord> ForceAsync(string status)
    {
        var record = await _w.RecordAsync();
        return await _w.Api.Memory.WriteAsync(record, record with { Status = status }, new Quotas(), Ct);
    }

    [Fact]
    public async Task Sleep_Ready_SleepingWrittenBeforeTheGroupGoesToZero_AlarmActionsDisabled()
    {
        var ready = await _w.ReadyAsync();
        var scalingCallsAtWrite = -1;
        _w.Api.Memory.BeforeWrite = (_, next) => scalingCallsAtWrite = _w.Cloud.Aws.Count("UpdateAutoScalingGroup");

        var outcome = await _w.Transitions.SleepAsync(OfficeHoursWorld.Id, ready.Generation, byHand: false, Ct);

        var done = Assert.IsType<OfficeHoursOutcome.Done>(outcome);
        Assert.Equal(EnvironmentStatus.Sleeping, done.Record.Status);
        Assert.Contains("office hours", done.Record.StatusReason, StringComparison.Ordinal);
        Assert.Equal(0, scalingCallsAtWrite);
        Assert.Equal((0, 3, 0), _w.Sizes);
        Assert.All(_w.ActionsEnabled, e => Assert.False(e));
        Assert.Equal(done.Record, await _w.RecordAsync());
    }

    [Fact]
    public async Task Sleep_ByHand_ReasonSaysSo()
    {
        await _w.ReadyAsync();

        var done = Assert.IsType<OfficeHoursOutcome.Done>(await _w.Transitions.SleepAsync(OfficeHoursWorld.Id, null, byHand: true, Ct));

        Assert.Contains("by hand", done.Record.StatusReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sleep_Waking_Sleeping()
    {
        await _w.ReadyAsync();
        await _w.Transitions.SleepAsync(OfficeHoursWorld.Id, null, false, Ct);
        await _w.Transitions.WakeAsync(OfficeHoursWorld.Id, null, false, Ct);

        var done = Assert.IsType<OfficeHoursOutcome.Done>(await _w.Transitions.SleepAsync(OfficeHoursWorld.Id, null, false, Ct));

        Assert.Equal(EnvironmentStatus.Sleeping, done.Record.Status);
        Assert.Equal((0, 3, 0), _w.Sizes);
    }

    [Fact]
    public async Task Sleep_AlreadySleeping_AwsSideAgainNoRegistryWrite()
    {
        await _w.ReadyAsync();
        await _w.Transitions.SleepAsync(OfficeHoursWorld.Id, null, false, Ct);
        var writes = _w.Api.Memory.Writes;
        // Someone scaled the sleeping group up by hand: the retried sleep puts it back to 0.
        _w.Cloud.AutoScaling.Groups[_w.Names.AutoScalingGroup] = _w.Group with { MinSize = 1, DesiredCapacity = 1 };

        var done = Assert.IsType<OfficeHoursOutcome.Done>(await _w.Transitions.SleepAsync(OfficeHoursWorld.Id, null, false, Ct));

        Assert.Equal(EnvironmentStatus.Sleeping, done.Record.Status);
        Assert.Equal(writes, _w.Api.Memory.Writes);
        Assert.Equal((0, 3, 0), _w.Sizes);
    }

    [Fact]
    public async Task Sleep_GroupUpdateFailsAfterTheWrite_TheErrorIsRaised_AndTheSameSleepAgainRepairsIt()
    {
        await _w.ReadyAsync();
        _w.Cloud.Aws.FailNext("UpdateAutoScalingGroup", "Throttling");

        var error = await Assert.ThrowsAsync<Aws.AwsServiceException>(() => _w.Transitions.SleepAsync(OfficeHoursWorld.Id, null, false, Ct));

        Assert.Equal("Throttling", error.ErrorCode);
        Assert.Equal(EnvironmentStatus.Sleeping, (await _w.RecordAsync()).Status);
        Assert.Equal((1, 3, 2), _w.Sizes);

        await _w.Transitions.SleepAsync(OfficeHoursWorld.Id, null, false, Ct);

        Assert.Equal((0, 3, 0), _w.Sizes);
    }

    [Theory]
    [InlineData(EnvironmentStatus.Creating)]
    [InlineData(EnvironmentStatus.Deleting)]
    [InlineData(EnvironmentStatus.Deleted)]
    [InlineData(EnvironmentStatus.Failed)]
    [InlineData(EnvironmentStatus.RollbackFailed)]
    [InlineData(EnvironmentStatus.DeleteFailed)]
    [InlineData(EnvironmentStatus.Scheduled)]
    public async Task Sleep_AnyOtherStatus_RefusedNamingTheRule_NothingTouched(string status)
    {
        await _w.ReadyAsync();
        var forced = await ForceAsync(status);
        var calls = _w.Cloud.Aws.Calls.Count;

        var wrong = Assert.IsType<OfficeHoursOutcome.WrongStatus>(await _w.Transitions.SleepAsync(OfficeHoursWorld.Id, null, true, Ct));

        Assert.Equal(status, wrong.Record.Status);
        Assert.Equal("only READY and WAKING environments can be put to sleep", wrong.Rule);
        Assert.Equal(forced, await _w.RecordAsync());
        Assert.Equal(calls, _w.Cloud.Aws.Calls.Count);
    }

    [Fact]
    public async Task Wake_Sleeping_WakingWrittenFirst_SpecSizesRestored_CheckArmedOneIntervalLater_AlarmsStillOff()
    {
        await _w.ReadyAsync();
        await _w.Transitions.SleepAsync(OfficeHoursWorld.Id, null, false, Ct);
        var scalingCallsAtWrite = -1;
        _w.Api.Memory.BeforeWrite = (_, _) => scalingCallsAtWrite = _w.Cloud.Aws.Count("UpdateAutoScalingGroup");

        var done = Assert.IsType<OfficeHoursOutcome.Done>(await _w.Transitions.WakeAsync(OfficeHoursWorld.Id, null, false, Ct));

        Assert.Equal(EnvironmentStatus.Waking, done.Record.Status);
        Assert.Equal(1, scalingCallsAtWrite);
        Assert.Equal((1, 3, 2), _w.Sizes);
        Assert.All(_w.ActionsEnabled, e => Assert.False(e));
        var check = _w.Cloud.Scheduler.Schedules[_w.Names.WakeCheckSchedule];
        // The harness's clock is 2026-12-01T09:00Z; the spec's health check interval is 30 s.
        Assert.Equal("at(2026-12-01T09:00:30)", check.ScheduleExpression);
        Assert.Equal(OfficeHoursWorld.Targets.CheckWakeFunctionArn, check.Target.Arn);
    }

    [Fact]
    public async Task Wake_Waking_RestoresAndReArmsWithoutAWrite()
    {
        await _w.ReadyAsync();
        await _w.Transitions.SleepAsync(OfficeHoursWorld.Id, null, false, Ct);
        await _w.Transitions.WakeAsync(OfficeHoursWorld.Id, null, false, Ct);
        var writes = _w.Api.Memory.Writes;
        _w.Cloud.Scheduler.Schedules.Clear();

        var done = Assert.IsType<OfficeHoursOutcome.Done>(await _w.Transitions.WakeAsync(OfficeHoursWorld.Id, null, true, Ct));

        Assert.Equal(EnvironmentStatus.Waking, done.Record.Status);
        Assert.Equal(writes, _w.Api.Memory.Writes);
        Assert.True(_w.Cloud.Scheduler.Schedules.ContainsKey(_w.Names.WakeCheckSchedule));
    }

    [Theory]
    [InlineData(EnvironmentStatus.Ready)]
    [InlineData(EnvironmentStatus.Creating)]
    [InlineData(EnvironmentStatus.Deleting)]
    [InlineData(EnvironmentStatus.Deleted)]
    [InlineData(EnvironmentStatus.Failed)]
    [InlineData(EnvironmentStatus.RollbackFailed)]
    [InlineData(EnvironmentStatus.DeleteFailed)]
    [InlineData(EnvironmentStatus.Scheduled)]
    public async Task Wake_AnyOtherStatus_RefusedNamingTheRule_NothingTouched(string status)
    {
        await _w.ReadyAsync();
        if (status != EnvironmentStatus.Ready)
        {
            await ForceAsync(status);
        }
        var calls = _w.Cloud.Aws.Calls.Count;

        var wrong = Assert.IsType<OfficeHoursOutcome.WrongStatus>(await _w.Transitions.WakeAsync(OfficeHoursWorld.Id, null, true, Ct));

        Assert.Equal(status, wrong.Record.Status);
        Assert.Equal("only SLEEPING and WAKING environments can be woken", wrong.Rule);
        Assert.Equal(calls, _w.Cloud.Aws.Calls.Count);
    }

    [Fact]
    public async Task CheckWake_NotEveryTargetHealthy_StillWakingAndTheNextCheckArmed()
    {
        await WakingAsync();
        _w.SetTargetHealth(healthy: 1, initial: 1);
        _w.Api.Time.Advance(TimeSpan.FromSeconds(30)); // the check armed by the wake fires (and is kept)

        var done = Assert.IsType<OfficeHoursOutcome.Done>(await _w.Transitions.CheckWakeAsync(OfficeHoursWorld.Id, 1, Ct));

        Assert.Equal(EnvironmentStatus.Waking, done.Record.Status);
        Assert.Equal("at(2026-12-01T09:01:00)", _w.Cloud.Scheduler.Schedules[_w.Names.WakeCheckSchedule].ScheduleExpression);
        Assert.All(_w.ActionsEnabled, e => Assert.False(e));
    }

    [Fact]
    public async Task CheckWake_EveryTargetHealthy_ReadyAndAlarmActionsEnabled_NoFurtherCheck()
    {
        await WakingAsync();
        _w.SetTargetHealth(healthy: 2);
        _w.Api.Time.Advance(TimeSpan.FromSeconds(30));
        var armed = _w.Cloud.Aws.Count("UpdateSchedule") + _w.Cloud.Aws.Count("CreateSchedule");

        var done = Assert.IsType<OfficeHoursOutcome.Done>(await _w.Transitions.CheckWakeAsync(OfficeHoursWorld.Id, 1, Ct));

        Assert.Equal(EnvironmentStatus.Ready, done.Record.Status);
        Assert.Equal("awake: 2 of 2 targets healthy, alarm actions enabled", done.Record.StatusReason);
        Assert.All(_w.ActionsEnabled, e => Assert.True(e));
        // Not moved: the fired check stays in the past and never fires again (it goes with the environment).
        Assert.Equal(armed, _w.Cloud.Aws.Count("UpdateSchedule") + _w.Cloud.Aws.Count("CreateSchedule"));
        Assert.Equal("at(2026-12-01T09:00:30)", _w.Cloud.Scheduler.Schedules[_w.Names.WakeCheckSchedule].ScheduleExpression);
    }

    [Fact]
    public async Task CheckWake_BudgetSpent_StaysWakingSaysSo_AndStopsChecking()
    {
        await WakingAsync();
        _w.SetTargetHealth(healthy: 0, initial: 2);
        _w.Api.Time.Advance(OfficeHoursTransitions.WakeCheckBudget);

        var done = Assert.IsType<OfficeHoursOutcome.Done>(await _w.Transitions.CheckWakeAsync(OfficeHoursWorld.Id, 1, Ct));

        Assert.Equal(EnvironmentStatus.Waking, done.Record.Status);
        Assert.Contains("checks stopped", done.Record.StatusReason, StringComparison.Ordinal);
        Assert.Contains("POST /environments/shop-dev/wake", done.Record.StatusReason, StringComparison.Ordinal);
        Assert.Equal("at(2026-12-01T09:00:30)", _w.Cloud.Scheduler.Schedules[_w.Names.WakeCheckSchedule].ScheduleExpression);
    }

    [Theory]
    [InlineData(EnvironmentStatus.Ready)]
    [InlineData(EnvironmentStatus.Sleeping)]
    [InlineData(EnvironmentStatus.Deleting)]
    public async Task CheckWake_NotWaking_RefusedAndNothingLookedAt(string status)
    {
        await _w.ReadyAsync();
        if (status != EnvironmentStatus.Ready)
        {
            await ForceAsync(status);
        }
        var calls = _w.Cloud.Aws.Calls.Count;

        var wrong = Assert.IsType<OfficeHoursOutcome.WrongStatus>(await _w.Transitions.CheckWakeAsync(OfficeHoursWorld.Id, 1, Ct));

        Assert.Equal("only WAKING environments are checked", wrong.Rule);
        Assert.Equal(calls, _w.Cloud.Aws.Calls.Count);
    }

    [Fact]
    public async Task AnyTransition_AnotherGenerationOrUnknownId_IgnoredNothingTouched()
    {
        await _w.ReadyAsync();
        var calls = _w.Cloud.Aws.Calls.Count;

        var other = Assert.IsType<OfficeHoursOutcome.Ignored>(await _w.Transitions.SleepAsync(OfficeHoursWorld.Id, 2, false, Ct));
        var unknown = Assert.IsType<OfficeHoursOutcome.Ignored>(await _w.Transitions.WakeAsync("nope-env", null, false, Ct));

        Assert.Contains("generation 1, the schedule was made for 2", other.Why, StringComparison.Ordinal);
        Assert.Contains("no environment 'nope-env'", unknown.Why, StringComparison.Ordinal);
        Assert.Equal(EnvironmentStatus.Ready, (await _w.RecordAsync()).Status);
        Assert.Equal(calls, _w.Cloud.Aws.Calls.Count);
    }

    [Fact]
    public async Task Sleep_ADeleteWinsTheRace_ReadAgainAndRefused_TheGroupUntouched()
    {
        await _w.ReadyAsync();
        var raced = false;
        _w.Api.Memory.BeforeWrite = (current, next) =>
        {
            if (!raced && next.Status == EnvironmentStatus.Sleeping)
            {
                raced = true;
                _w.Api.Memory.WriteAsync(current, current! with { Status = EnvironmentStatus.Deleting }, new Quotas(), Ct).GetAwaiter().GetResult();
            }
        };

        var wrong = Assert.IsType<OfficeHoursOutcome.WrongStatus>(await _w.Transitions.SleepAsync(OfficeHoursWorld.Id, null, false, Ct));

        Assert.Equal(EnvironmentStatus.Deleting, wrong.Record.Status);
        Assert.Equal(EnvironmentStatus.Deleting, (await _w.RecordAsync()).Status);
        Assert.Equal(0, _w.Cloud.Aws.Count("UpdateAutoScalingGroup"));
        Assert.Equal(0, _w.Cloud.Aws.Count("DisableAlarmActions"));
    }

    [Fact]
    public async Task Sleep_LosesEveryRace_FailsLoudlyWithTheConcurrentUpdate()
    {
        await _w.ReadyAsync();
        var touching = false;
        _w.Api.Memory.BeforeWrite = (current, _) =>
        {
            if (!touching)
            {
                touching = true;
                _w.Api.Memory.WriteAsync(current, current! with { StatusReason = "touched" }, new Quotas(), Ct).GetAwaiter().GetResult();
                touching = false;
            }
        };

        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => _w.Transitions.SleepAsync(OfficeHoursWorld.Id, null, false, Ct));

        Assert.Equal(EnvironmentStatus.Ready, (await _w.RecordAsync()).Status);
        Assert.Equal(0, _w.Cloud.Aws.Count("UpdateAutoScalingGroup"));
    }

    private async Task WakingAsync()
    {
        await _w.ReadyAsync();
        await _w.Transitions.SleepAsync(OfficeHoursWorld.Id, null, false, Ct);
        await _w.Transitions.WakeAsync(OfficeHoursWorld.Id, null, false, Ct);
        Assert.Equal(EnvironmentStatus.Waking, (await _w.RecordAsync()).Status);
    }
}
