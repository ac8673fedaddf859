using Provisioner.Aws.Scheduler;

namespace Provisioner.Aws.Tests.Moto;

public sealed class SchedulerMotoTests(MotoFixture moto) : MotoTest(moto)
{
    private static ScheduleRequest Request(string expression) => new()
    {
        Name = "prov-shop-dev-log-export",
        ScheduleExpression = expression,
        FlexibleTimeWindow = FlexibleTimeWindow.Flexible(15),
        Target = new ScheduleTarget(
            "arn:aws:states:us-east-1:123456789012:stateMachine:log-export",
            "arn:aws:iam::123456789012:role/scheduler",
            """{"environmentId":"shop-dev"}""",
            MaximumRetryAttempts: 3),
        State = "ENABLED",
        Description = "log export for shop-dev",
        ClientToken = "prov-shop-dev-ScheduleLogExport",
    };

    [Fact]
    public async Task Schedule_CreateGetUpdateListDelete_RoundTrips()
    {
        var arn = await Aws.Scheduler.CreateScheduleAsync(Request("rate(1 day)"), Ct);
        Assert.EndsWith("/prov-shop-dev-log-export", arn);

        var schedule = await Aws.Scheduler.GetScheduleAsync("prov-shop-dev-log-export", cancellationToken: Ct);
        Assert.Equal("rate(1 day)", schedule.ScheduleExpression);
        Assert.Equal(new FlexibleTimeWindow("FLEXIBLE", 15), schedule.FlexibleTimeWindow);
        Assert.Equal("arn:aws:states:us-east-1:123456789012:stateMachine:log-export", schedule.Target!.Arn);
        Assert.Equal("""{"environmentId":"shop-dev"}""", schedule.Target.Input);
        Assert.Equal("ENABLED", schedule.State);

        await Aws.Scheduler.UpdateScheduleAsync(Request("rate(12 hours)"), Ct);
        Assert.Equal("rate(12 hours)", (await Aws.Scheduler.GetScheduleAsync("prov-shop-dev-log-export", cancellationToken: Ct)).ScheduleExpression);

        var list = await Aws.Scheduler.ListSchedulesAsync(new ListSchedulesRequest { NamePrefix = "prov-shop-dev" }, Ct);
        Assert.Equal("prov-shop-dev-log-export", Assert.Single(list.Schedules).Name);

        var conflict = await Assert.ThrowsAsync<AwsServiceException>(() => Aws.Scheduler.CreateScheduleAsync(Request("rate(1 day)"), Ct));
        Assert.Equal("ConflictException", conflict.ErrorCode);

        await Aws.Scheduler.DeleteScheduleAsync("prov-shop-dev-log-export", cancellationToken: Ct);
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => Aws.Scheduler.GetScheduleAsync("prov-shop-dev-log-export", cancellationToken: Ct));
        Assert.Equal("ResourceNotFoundException", missing.ErrorCode);
        Assert.Equal(404, (int)missing.StatusCode);
        Assert.True(missing.IsNotFound);
    }
}
