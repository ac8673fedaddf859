using Provisioner.Functions.Schedules;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Schedules;

public sealed class EnvironmentSchedulesTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static readonly ScheduleTargets Targets = new(
        "prov-schedules", "arn:aws:iam::123456789012:role/prov-scheduler",
        "arn:aws:lambda:us-east-1:123456789012:function:prov-expire-environment",
        "arn:aws:lambda:us-east-1:123456789012:function:prov-start-environment", "arn:aws:sns:us-east-1:123456789012:");

    private readonly FakeAws _aws = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetExpiry_OneTimeUtcSchedulesInTheGroup_DeletedAfterCompletion()
    {
        var scheduler = new FakeScheduler(_aws);

        await new EnvironmentSchedules(scheduler, Targets).SetExpiryAsync("shop-dev", 2, Created, Created.AddHours(24), Ct);

        var expiry = scheduler.Schedules["prov-shop-dev-expiry"];
        var reminder = scheduler.Schedules["prov-shop-dev-reminder"];
        Assert.Equal("at(2026-12-02T09:00:00)", expiry.ScheduleExpression);
        Assert.Equal("at(2026-12-02T08:00:00)", reminder.ScheduleExpression);
        Assert.All(new[] { expiry, reminder }, r =>
        {
            Assert.Equal("prov-schedules", r.GroupName);
            Assert.Equal("UTC", r.ScheduleExpressionTimezone);
            Assert.Equal("DELETE", r.ActionAfterCompletion);
            Assert.Equal("OFF", r.FlexibleTimeWindow.Mode);
            Assert.Equal(Targets.RoleArn, r.Target.RoleArn);
        });
        Assert.Equal(Targets.ExpiryFunctionArn, expiry.Target.Arn);
        Assert.Contains("\"generation\":2", expiry.Target.Input, StringComparison.Ordinal);
        Assert.Equal("arn:aws:sns:us-east-1:123456789012:prov-shop-dev-alerts", reminder.Target.Arn);
        Assert.Contains("2026-12-02T09:00:00Z", reminder.Target.Input, StringComparison.Ordinal);
        Assert.Contains("provisioner extend shop-dev --hours", reminder.Target.Input, StringComparison.Ordinal);
        Assert.Contains("POST /environments/shop-dev/extend", reminder.Target.Input, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetExpiry_Again_UpdatesTheWholeScheduleNeverTwo()
    {
        var scheduler = new FakeScheduler(_aws);
        var schedules = new EnvironmentSchedules(scheduler, Targets);
        await schedules.SetExpiryAsync("shop-dev", 1, Created, Created.AddHours(24), Ct);

        await schedules.SetExpiryAsync("shop-dev", 1, Created.AddHours(5), Created.AddHours(48), Ct);

        Assert.Equal(2, scheduler.Schedules.Count);
        Assert.Equal(2, _aws.Count("UpdateSchedule"));
        var expiry = scheduler.Schedules["prov-shop-dev-expiry"];
        Assert.Equal("at(2026-12-03T09:00:00)", expiry.ScheduleExpression);
        // The update carries every field, not only the changed expression.
        Assert.Equal("DELETE", expiry.ActionAfterCompletion);
        Assert.Equal("prov-schedules", expiry.GroupName);
        Assert.Equal(Targets.ExpiryFunctionArn, expiry.Target.Arn);
        Assert.Equal("at(2026-12-03T08:00:00)", scheduler.Schedules["prov-shop-dev-reminder"].ScheduleExpression);
    }

    [Fact]
    public async Task SetExpiry_ScheduleFiredBetweenCreateAndUpdate_MadeAgain()
    {
        var scheduler = new FakeScheduler(_aws);
        var schedules = new EnvironmentSchedules(scheduler, Targets);
        await schedules.SetExpiryAsync("shop-dev", 1, Created, Created.AddHours(24), Ct);
        _aws.Before("UpdateSchedule", () => scheduler.Schedules.Remove("prov-shop-dev-expiry"));

        await schedules.SetExpiryAsync("shop-dev", 1, Created, Created.AddHours(30), Ct);

        Assert.Equal("at(2026-12-02T15:00:00)", scheduler.Schedules["prov-shop-dev-expiry"].ScheduleExpression);
    }

    [Fact]
    public async Task ClearExpiry_DeletesBothInTheGroup_AndTakesMissingAsDone()
    {
        var scheduler = new FakeScheduler(_aws);
        var schedules = new EnvironmentSchedules(scheduler, Targets);
        await schedules.SetExpiryAsync("shop-dev", 1, Created, Created.AddHours(24), Ct);
        await schedules.SetStartAsync("shop-dev", 1, Created.AddHours(2), Ct);

        await schedules.ClearExpiryAsync("shop-dev", Ct);
        await schedules.ClearExpiryAsync("shop-dev", Ct);

        Assert.Equal(["prov-shop-dev-start"], scheduler.Schedules.Keys);
        await schedules.ClearStartAsync("shop-dev", Ct);
        await schedules.ClearStartAsync("shop-dev", Ct);
        Assert.Empty(scheduler.Schedules);
    }
}
