using System.Globalization;
using System.Text.Json.Nodes;
using Provisioner.Functions.Api;
using Provisioner.Functions.Api.Http;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Schedules;
using Provisioner.Functions.Tests.Api;
using Provisioner.Functions.Tests.Steps.Fakes;
using static Provisioner.Functions.Tests.Api.ApiHarness;

namespace Provisioner.Functions.Tests.Schedules;

/// <summary>Issue 12 item 3: <c>POST /environments?startAt=</c> over the real API commands, registry and scheduler port on a fake clock.</summary>
public sealed class RequestForLaterTests
{
    private const string Later = "2026-12-01T18:00:00Z"; // nine hours after the harness's now (09:00 UTC)

    private readonly FakeAws _aws = new();
    private readonly FakeScheduler _scheduler;
    private readonly ApiHarness _h;

    public RequestForLaterTests()
    {
        _scheduler = new FakeScheduler(_aws);
        _h = new ApiHarness(new ApiOptions { MaxLifetimeHours = 48 }, schedules: new EnvironmentSchedules(_scheduler, EnvironmentSchedulesTests.Targets));
    }

    [Fact]
    public async Task Post_WithStartAt_IsScheduledWithAOneTimeStartSchedule_NothingStarted()
    {
        var response = await PostLaterAsync(Spec(ttlHours: 2), Later);

        Assert.Equal(202, response.Status);
        var view = Json(response);
        Assert.Equal(EnvironmentStatus.Scheduled, (string?)view["status"]);
        Assert.Equal(DateTimeOffset.Parse(Later, CultureInfo.InvariantCulture), Time(view["startAt"]));
        // The TTL counts from the start, not from the request.
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 20, 0, 0, TimeSpan.Zero), Time(view["expiresAt"]));
        Assert.Empty(_h.Workflows.Starts);
        var start = _scheduler.Schedules["prov-shop-dev-start"];
        Assert.Equal("at(2026-12-01T18:00:00)", start.ScheduleExpression);
        Assert.Equal("DELETE", start.ActionAfterCompletion);
        Assert.Equal(EnvironmentSchedulesTests.Targets.StartFunctionArn, start.Target.Arn);
        Assert.Equal(1, (int)JsonNode.Parse(start.Target.Input!)!["generation"]!);
        Assert.Equal("at(2026-12-01T20:00:00)", _scheduler.Schedules["prov-shop-dev-expiry"].ScheduleExpression);
    }

    [Fact]
    public async Task Post_WithAnOffset_IsTheSameInstant()
    {
        var response = await PostLaterAsync(Spec(), "2026-12-01T19:00:00+01:00");

        Assert.Equal(DateTimeOffset.Parse(Later, CultureInfo.InvariantCulture), Time(Json(response)["startAt"]));
    }

    [Theory]
    [InlineData("tomorrow", "RFC 3339")]
    [InlineData("2026-12-01T18:00:00", "RFC 3339")] // no zone
    [InlineData("2026-12-01 18:00:00Z", "RFC 3339")]
    [InlineData("2026-12-01T08:59:59Z", "in the future")]
    [InlineData("2026-12-01T09:00:00Z", "in the future")]
    [InlineData("2026-12-03T09:00:01Z", "maximum lifetime of 48 hours")]
    public async Task Post_WithABadStartAt_Is400OnStartAt_NothingRegisteredOrScheduled(string startAt, string rule)
    {
        var response = await PostLaterAsync(Spec(), startAt);

        Assert.Equal(400, response.Status);
        var error = Assert.Single((JsonArray)Json(response)["errors"]!)!;
        Assert.Equal("/startAt", (string?)error["pointer"]);
        Assert.Contains(rule, (string?)error["rule"], StringComparison.Ordinal);
        Assert.Null(await _h.Registry.GetAsync("shop-dev", Ct));
        Assert.Empty(_scheduler.Schedules);
    }

    [Fact]
    public async Task Post_WithABadSpecAndABadStartAt_ReportsBoth()
    {
        var spec = Spec();
        spec["scaling"]!["max"] = 0;

        var response = await PostLaterAsync(spec, "soon");

        var pointers = ((JsonArray)Json(response)["errors"]!).Select(e => (string?)e!["pointer"]).ToList();
        Assert.Contains("/startAt", pointers);
        Assert.Contains(pointers, p => p!.StartsWith("/scaling", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Post_WithStartAt_OnAHostWithoutScheduler_Is400NotAccepted()
    {
        var h = new ApiHarness();

        var response = await h.SendAsync("POST", "/environments", DevA, System.Text.Encoding.UTF8.GetBytes(Spec().ToJsonString()), query: new Dictionary<string, string> { ["startAt"] = Later });

        Assert.Equal(400, response.Status);
        Assert.Contains("no scheduler", response.BodyText, StringComparison.Ordinal);
        Assert.Null(await h.Registry.GetAsync("shop-dev", Ct));
    }

    [Fact]
    public async Task Scheduled_CountsAgainstTheQuotaFromTheRequest()
    {
        var h = new ApiHarness(new ApiOptions { Quotas = new Quotas(ActiveEnvironments: 1) }, schedules: new EnvironmentSchedules(_scheduler, EnvironmentSchedulesTests.Targets));
        Assert.Equal(202, (await h.SendAsync("POST", "/environments", DevA, System.Text.Encoding.UTF8.GetBytes(Spec("a-later").ToJsonString()), query: new Dictionary<string, string> { ["startAt"] = Later })).Status);

        var now = await h.PostAsync("/environments", Spec("b-now"), DevA);

        Assert.Equal(409, now.Status);
        Assert.Contains("activeEnvironments", now.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fire_AtStartAt_StartsTheProvisionNamedAtTheRequest()
    {
        var scheduled = Json(await PostLaterAsync(Spec(), Later));
        _h.Time.Advance(TimeSpan.FromHours(9));

        Assert.Equal(StartOutcome.Started, await _h.Api.Commands.StartScheduledAsync("shop-dev", 1, Ct));

        var record = (await _h.Registry.GetAsync("shop-dev", Ct))!;
        Assert.Equal(EnvironmentStatus.Creating, record.Status);
        Assert.Equal((string?)scheduled["executionArn"], record.ExecutionArn);
        Assert.Equal(["shop-dev-g1-provision-1"], _h.Workflows.Starts.Select(s => s.Split(':')[^1]));
        // A repeated firing starts nothing more.
        Assert.Equal(StartOutcome.Started, await _h.Api.Commands.StartScheduledAsync("shop-dev", 1, Ct));
        Assert.Single(_h.Workflows.Starts);
        await _h.FinishAsync("shop-dev", "SUCCEEDED");
        Assert.Equal(EnvironmentStatus.Ready, (await _h.Registry.GetAsync("shop-dev", Ct))!.Status);
    }

    [Fact]
    public async Task Fire_Early_RearmsAndStartsNothing()
    {
        await PostLaterAsync(Spec(), Later);
        _scheduler.Schedules.Clear();
        _h.Time.Advance(TimeSpan.FromHours(8));

        Assert.Equal(StartOutcome.Rearmed, await _h.Api.Commands.StartScheduledAsync("shop-dev", 1, Ct));

        Assert.Empty(_h.Workflows.Starts);
        Assert.Equal("at(2026-12-01T18:00:00)", _scheduler.Schedules["prov-shop-dev-start"].ScheduleExpression);
    }

    [Fact]
    public async Task Delete_BeforeTheStart_CancelsIt_NothingRunsAndNoScheduleIsLeft()
    {
        await PostLaterAsync(Spec(ttlHours: 2), Later);

        var deleted = await _h.SendAsync("DELETE", "/environments/shop-dev", DevA);

        Assert.Equal(202, deleted.Status);
        var record = (await _h.Registry.GetAsync("shop-dev", Ct))!;
        Assert.Equal(EnvironmentStatus.Deleted, record.Status);
        Assert.Equal(DeleteReasons.Deleted, record.DeleteReason);
        Assert.Empty(_scheduler.Schedules);
        Assert.Empty(_h.Workflows.Starts);
        // A firing that was already on its way finds it cancelled.
        _h.Time.Advance(TimeSpan.FromHours(9));
        Assert.Equal(StartOutcome.Ignored, await _h.Api.Commands.StartScheduledAsync("shop-dev", 1, Ct));
        Assert.Empty(_h.Workflows.Starts);
    }

    [Fact]
    public async Task Post_Again_SameSpecAndStartAt_IsTheSame_ADifferentStartAt_Is409()
    {
        await PostLaterAsync(Spec(), Later);

        Assert.Equal(200, (await PostLaterAsync(Spec(), Later)).Status);
        Assert.Equal(409, (await PostLaterAsync(Spec(), "2026-12-01T19:00:00Z")).Status);
        Assert.Single(_scheduler.Schedules);
    }

    [Fact]
    public async Task Reconcile_SetsAMissingStartScheduleAgain()
    {
        await PostLaterAsync(Spec(), Later);
        _scheduler.Schedules.Clear(); // a crash between the registry write and CreateSchedule

        await _h.Api.Commands.ReconcileAsync(Ct);

        Assert.Equal("at(2026-12-01T18:00:00)", _scheduler.Schedules["prov-shop-dev-start"].ScheduleExpression);
        Assert.Empty(_h.Workflows.Starts);
    }

    [Theory]
    [InlineData("""{"environmentId":"a","generation":0}""")]
    [InlineData("""{"environmentId":"","generation":1}""")]
    [InlineData("""{"generation":1}""")]
    [InlineData("""[1]""")]
    public void ScheduleInput_NotAnEnvironmentAndGeneration_IsBadInput(string input)
    {
        var error = Assert.Throws<Provisioner.Core.Steps.StepFailedException>(() => ScheduleInput.From(JsonNode.Parse(input), "StartEnvironment.Run"));

        Assert.Equal(Provisioner.Core.Steps.StepErrors.BadInput, error.ErrorName);
        Assert.Contains("StartEnvironment.Run", error.Message, StringComparison.Ordinal);
        Assert.Equal(new ScheduleInput("a", 2), ScheduleInput.From(JsonNode.Parse("""{"environmentId":"a","generation":2,"startAt":"x"}"""), "StartEnvironment.Run"));
    }

    private static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture);

    private Task<ApiResponse> PostLaterAsync(JsonNode spec, string startAt) =>
        _h.SendAsync("POST", "/environments", DevA, System.Text.Encoding.UTF8.GetBytes(spec.ToJsonString()), query: new Dictionary<string, string> { ["startAt"] = startAt });
}
