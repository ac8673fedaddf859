using Provisioner.Aws.StepFunctions;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Tests.Schedules;
using static Provisioner.Functions.Tests.Api.ApiHarness;

namespace Provisioner.Functions.Tests.Api;

/// <summary><c>POST /environments/{id}/sleep</c> and <c>/wake</c>, and what the status handler does for office hours.</summary>
public sealed class OfficeHoursApiTests
{
    private readonly OfficeHoursWorld _w = new();

    private ApiHarness H => _w.Api;

    [Fact]
    public async Task Sleep_Owner_AcceptedSleepingWithLocation_GroupAtZero()
    {
        await _w.ReadyAsync();

        var response = await H.SendAsync("POST", "/environments/shop-dev/sleep", DevA);

        Assert.Equal(202, response.Status);
        Assert.Equal("/environments/shop-dev", response.Headers["Location"]);
        Assert.Equal("SLEEPING", (string?)Json(response)["status"]);
        Assert.Contains("by hand", (string?)Json(response)["statusReason"], StringComparison.Ordinal);
        Assert.Equal((0, 3, 0), _w.Sizes);
        Assert.Equal("SLEEPING", (string?)Json(await H.SendAsync("GET", "/environments/shop-dev", DevA))["status"]);
    }

    [Fact]
    public async Task Wake_Owner_AcceptedWaking_ThenReadyOnceTheCheckSeesHealthyTargets()
    {
        await _w.ReadyAsync();
        await H.SendAsync("POST", "/environments/shop-dev/sleep", DevA);

        var response = await H.SendAsync("POST", "/environments/shop-dev/wake", DevA);

        Assert.Equal(202, response.Status);
        Assert.Equal("WAKING", (string?)Json(response)["status"]);
        Assert.Equal((1, 3, 2), _w.Sizes);
        _w.SetTargetHealth(healthy: 2);
        await _w.Transitions.CheckWakeAsync("shop-dev", 1, Ct);
        Assert.Equal("READY", (string?)Json(await H.SendAsync("GET", "/environments/shop-dev", DevA))["status"]);
    }

    [Fact]
    public async Task SleepAndWake_Admin_MayActOnAnotherOwnersEnvironment()
    {
        await _w.ReadyAsync();

        Assert.Equal(202, (await H.SendAsync("POST", "/environments/shop-dev/sleep", Admin)).Status);
        Assert.Equal(202, (await H.SendAsync("POST", "/environments/shop-dev/wake", Admin)).Status);
        Assert.Equal("dev-a", (await _w.RecordAsync()).Owner);
    }

    [Theory]
    [InlineData("/environments/shop-dev/sleep")]
    [InlineData("/environments/shop-dev/wake")]
    public async Task SleepOrWake_AnotherOwner_NotFoundLikeAnUnknownId_Untouched(string path)
    {
        await _w.ReadyAsync();
        var before = await _w.RecordAsync();
        var calls = _w.Cloud.Aws.Calls.Count;

        var other = await H.SendAsync("POST", path, DevB);
        var unknown = await H.SendAsync("POST", path.Replace("shop-dev", "nothing-here", StringComparison.Ordinal), DevA);

        Assert.Equal(404, other.Status);
        Assert.Equal(404, unknown.Status);
        Assert.Equal(Json(unknown)["title"]!.ToJsonString(), Json(other)["title"]!.ToJsonString());
        Assert.Equal(before, await _w.RecordAsync());
        Assert.Equal(calls, _w.Cloud.Aws.Calls.Count);
    }

    [Fact]
    public async Task Sleep_WhileCreating_ConflictNamingTheStatusAndTheRule()
    {
        Assert.Equal(202, (await H.PostAsync("/environments", OfficeHoursWorld.Spec(), DevA)).Status);

        var response = await H.SendAsync("POST", "/environments/shop-dev/sleep", DevA);

        Assert.Equal(409, response.Status);
        var problem = Json(response);
        Assert.EndsWith("wrong-status", (string?)problem["type"], StringComparison.Ordinal);
        Assert.Equal("CREATING", (string?)problem["environmentStatus"]);
        Assert.Contains("is CREATING: only READY and WAKING environments can be put to sleep", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(0, _w.Cloud.Aws.Count("UpdateAutoScalingGroup"));
    }

    [Fact]
    public async Task Wake_Ready_ConflictNamingTheStatus()
    {
        await _w.ReadyAsync();

        var response = await H.SendAsync("POST", "/environments/shop-dev/wake", DevA);

        Assert.Equal(409, response.Status);
        Assert.Equal("READY", (string?)Json(response)["environmentStatus"]);
        Assert.Contains("only SLEEPING and WAKING environments can be woken", (string?)Json(response)["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SleepOrWake_NoToken_Unauthorized_GetIsMethodNotAllowed()
    {
        await _w.ReadyAsync();

        Assert.Equal(401, (await H.SendAsync("POST", "/environments/shop-dev/sleep", null)).Status);
        Assert.Equal(401, (await H.SendAsync("POST", "/environments/shop-dev/wake", null)).Status);
        Assert.Equal(EnvironmentStatus.Ready, (await _w.RecordAsync()).Status);
        var get = await H.Api.HandleAsync(new Provisioner.Functions.Api.Http.ApiRequest
        {
            Method = "GET", Path = "/environments/shop-dev/sleep", Caller = DevA, Body = ReadOnlyMemory<byte>.Empty,
            Query = new Dictionary<string, string>(), Headers = new Dictionary<string, string>(),
        }, Ct);
        Assert.Equal(405, get.Status);
    }

    [Fact]
    public async Task SleepOrWake_DeploymentWithoutOfficeHours_NotFound()
    {
        var plain = new OfficeHoursWorld(withOfficeHours: false);
        await plain.ReadyAsync();

        Assert.Equal(404, (await plain.Api.SendAsync("POST", "/environments/shop-dev/sleep", DevA)).Status);
        Assert.Equal(404, (await plain.Api.SendAsync("POST", "/environments/shop-dev/wake", DevA)).Status);
        Assert.Equal(EnvironmentStatus.Ready, (await plain.RecordAsync()).Status);
    }

    [Fact]
    public async Task Delete_Sleeping_TeardownStarted_DeletedRemovesTheOfficeHoursSchedules()
    {
        await _w.ReadyAsync();
        await H.SendAsync("POST", "/environments/shop-dev/sleep", DevA);
        await H.SendAsync("POST", "/environments/shop-dev/wake", DevA);
        await H.SendAsync("POST", "/environments/shop-dev/sleep", DevA);
        Assert.Equal(3, _w.Cloud.Scheduler.Schedules.Count); // sleep, wake and a wake check that has not fired yet

        var response = await H.SendAsync("DELETE", "/environments/shop-dev", DevA);

        Assert.Equal(202, response.Status);
        Assert.Equal("DELETING", (string?)Json(response)["status"]);
        Assert.Equal("shop-dev-g1-teardown-1", H.Workflows.Starts[^1]);
        await H.FinishAsync("shop-dev", ExecutionStatus.Succeeded);
        Assert.Equal(EnvironmentStatus.Deleted, (await _w.RecordAsync()).Status);
        Assert.Empty(_w.Cloud.Scheduler.Schedules);
        // Sleep and wake are refused once it is going.
        Assert.Equal(409, (await H.SendAsync("POST", "/environments/shop-dev/wake", DevA)).Status);
    }

    [Fact]
    public async Task StatusHandler_ProvisionSucceededWithHours_SleepAndWakeArmedBeforeReady()
    {
        Assert.Equal(202, (await H.PostAsync("/environments", OfficeHoursWorld.Spec(), DevA)).Status);
        var armedAtWrite = -1;
        H.Memory.BeforeWrite = (_, next) =>
        {
            if (next.Status == EnvironmentStatus.Ready)
            {
                armedAtWrite = _w.Cloud.Scheduler.Schedules.Count;
            }
        };

        await H.FinishAsync("shop-dev", ExecutionStatus.Succeeded);

        Assert.Equal(2, armedAtWrite);
        Assert.Equal("cron(0 19 ? * MON-FRI *)", _w.Cloud.Scheduler.Schedules[_w.Names.SleepSchedule].ScheduleExpression);
        Assert.Equal("Europe/Berlin", _w.Cloud.Scheduler.Schedules[_w.Names.WakeSchedule].ScheduleExpressionTimezone);
    }

    [Fact]
    public async Task StatusHandler_ProvisionSucceededWithoutHours_NoSchedules()
    {
        await _w.ReadyAsync(hours: false);

        Assert.Empty(_w.Cloud.Scheduler.Schedules);
        Assert.Equal(0, _w.Cloud.Aws.Count("CreateSchedule"));
    }

    [Fact]
    public async Task StatusHandler_ArmingFails_NotReadyYet_TheSameEventAgainMakesItReady()
    {
        Assert.Equal(202, (await H.PostAsync("/environments", OfficeHoursWorld.Spec(), DevA)).Status);
        var arn = (await _w.RecordAsync()).ExecutionArn!;
        _w.Cloud.Aws.FailNext("CreateSchedule", "ThrottlingException", System.Net.HttpStatusCode.TooManyRequests);

        await Assert.ThrowsAsync<Aws.AwsServiceException>(() => H.Status.ApplyAsync(new(arn, ExecutionStatus.Succeeded), Ct));

        Assert.Equal(EnvironmentStatus.Creating, (await _w.RecordAsync()).Status);
        await H.FinishAsync("shop-dev", ExecutionStatus.Succeeded);
        Assert.Equal(EnvironmentStatus.Ready, (await _w.RecordAsync()).Status);
        Assert.Equal(2, _w.Cloud.Scheduler.Schedules.Count);
    }
}
