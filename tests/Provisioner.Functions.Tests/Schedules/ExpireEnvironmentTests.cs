using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Schedules;
using Provisioner.Functions.Tests.Api;
using Provisioner.Functions.Tests.Steps.Fakes;
using static Provisioner.Functions.Tests.Api.ApiHarness;

namespace Provisioner.Functions.Tests.Schedules;

/// <summary>The expiry handler over the real API commands, registry and scheduler port on a fake clock.</summary>
public sealed class ExpireEnvironmentTests
{
    private readonly FakeScheduler _scheduler = new(new FakeAws());
    private readonly ApiHarness _h;
    private readonly ExpireEnvironment _expire;

    public ExpireEnvironmentTests()
    {
        _h = new ApiHarness(schedules: new EnvironmentSchedules(_scheduler, EnvironmentSchedulesTests.Targets));
        _expire = new ExpireEnvironment(_h.Registry, _h.Api.Commands, _h.Time);
    }

    [Fact]
    public async Task Create_WithTtl_ArmsExpiryAndReminder()
    {
        await _h.PostAsync("/environments", Spec(ttlHours: 1), DevA);

        Assert.Equal("at(2026-12-01T10:00:00)", _scheduler.Schedules["prov-shop-dev-expiry"].ScheduleExpression);
        Assert.Equal("at(2026-12-01T09:54:00)", _scheduler.Schedules["prov-shop-dev-reminder"].ScheduleExpression);
    }

    [Fact]
    public async Task Create_WithoutTtl_NoSchedule()
    {
        await _h.PostAsync("/environments", Spec(), DevA);

        Assert.Empty(_scheduler.Schedules);
    }

    [Fact]
    public async Task Fire_AtExpiry_TearsDownAsDeleteWithReasonExpired()
    {
        await _h.PostAsync("/environments", Spec(ttlHours: 1), DevA);
        await _h.FinishAsync("shop-dev", "SUCCEEDED");
        _h.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(ExpiryOutcome.Expired, await _expire.RunAsync("shop-dev", 1, Ct));

        var record = (await _h.Registry.GetAsync("shop-dev", Ct))!;
        Assert.Equal(EnvironmentStatus.Deleting, record.Status);
        Assert.Equal(DeleteReasons.Expired, record.DeleteReason);
        Assert.Equal(2, _h.Workflows.Starts.Count);
        var view = Json(await _h.SendAsync("GET", "/environments/shop-dev", DevA));
        Assert.Equal("expired", (string?)view["deleteReason"]);
    }

    [Fact]
    public async Task Fire_Twice_OneTeardown()
    {
        await _h.PostAsync("/environments", Spec(ttlHours: 1), DevA);
        await _h.FinishAsync("shop-dev", "SUCCEEDED");
        _h.Time.Advance(TimeSpan.FromHours(1));

        await _expire.RunAsync("shop-dev", 1, Ct);
        Assert.Equal(ExpiryOutcome.Expired, await _expire.RunAsync("shop-dev", 1, Ct));

        Assert.Equal(2, _h.Workflows.Starts.Count);
        Assert.Equal(DeleteReasons.Expired, (await _h.Registry.GetAsync("shop-dev", Ct))!.DeleteReason);
    }

    [Fact]
    public async Task Fire_AfterAnExtend_RearmsInsteadOfTearingDown()
    {
        await _h.PostAsync("/environments", Spec(ttlHours: 1), DevA);
        await _h.FinishAsync("shop-dev", "SUCCEEDED");
        _h.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(200, (await _h.SendAsync("POST", "/environments/shop-dev/extend", DevA, """{"hours":2}"""u8.ToArray())).Status);
        Assert.Equal("at(2026-12-01T12:00:00)", _scheduler.Schedules["prov-shop-dev-expiry"].ScheduleExpression);
        // 2.5 hours from the extend to the new expiry: a tenth (15 minutes) is shorter than the hour.
        Assert.Equal("at(2026-12-01T11:45:00)", _scheduler.Schedules["prov-shop-dev-reminder"].ScheduleExpression);
        _scheduler.Schedules.Clear(); // a stale firing of the old schedule (it deleted itself after completion)
        _h.Time.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal(ExpiryOutcome.Rearmed, await _expire.RunAsync("shop-dev", 1, Ct));

        Assert.Equal(EnvironmentStatus.Ready, (await _h.Registry.GetAsync("shop-dev", Ct))!.Status);
        Assert.Equal("at(2026-12-01T12:00:00)", _scheduler.Schedules["prov-shop-dev-expiry"].ScheduleExpression);
    }

    [Fact]
    public async Task Fire_WhileCreating_StopsTheProvisionAndTearsDown()
    {
        await _h.PostAsync("/environments", Spec(ttlHours: 1), DevA);
        _h.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(ExpiryOutcome.Expired, await _expire.RunAsync("shop-dev", 1, Ct));

        Assert.Single(_h.Workflows.Stops);
        var record = (await _h.Registry.GetAsync("shop-dev", Ct))!;
        Assert.Equal(EnvironmentStatus.Deleting, record.Status);
        Assert.Equal(DeleteReasons.Expired, record.DeleteReason);
    }

    [Fact]
    public async Task Fire_ForAnOlderGenerationOrAfterDelete_Ignored()
    {
        await _h.PostAsync("/environments", Spec(ttlHours: 1), DevA);
        await _h.FinishAsync("shop-dev", "SUCCEEDED");
        await _h.SendAsync("DELETE", "/environments/shop-dev", DevA);
        _h.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(ExpiryOutcome.Ignored, await _expire.RunAsync("shop-dev", 0, Ct));
        Assert.Equal(ExpiryOutcome.Ignored, await _expire.RunAsync("shop-dev", 1, Ct));
        Assert.Equal(ExpiryOutcome.Ignored, await _expire.RunAsync("nobody", 1, Ct));

        Assert.Equal(DeleteReasons.Deleted, (await _h.Registry.GetAsync("shop-dev", Ct))!.DeleteReason);
    }
}
