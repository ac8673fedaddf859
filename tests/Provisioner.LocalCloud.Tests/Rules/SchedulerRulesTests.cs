using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Rules;

/// <summary>
/// CreateSchedule/UpdateSchedule through the realism layer, with the REST-JSON bodies botocore 1.43 sends
/// (tests/Provisioner.Aws.Tests/Goldens/scheduler). https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html
/// </summary>
public class SchedulerRulesTests(MotoFixture moto)
{
    private static JsonObject Schedule(string expression, string? group = null, string? zone = null, string? after = null)
    {
        var body = new JsonObject
        {
            ["ScheduleExpression"] = expression,
            ["FlexibleTimeWindow"] = new JsonObject { ["Mode"] = "OFF" },
            ["Target"] = new JsonObject { ["Arn"] = "arn:aws:states:us-east-1:123456789012:stateMachine:x", ["RoleArn"] = "arn:aws:iam::123456789012:role/scheduler" },
        };
        if (group is not null)
        {
            body["GroupName"] = group;
        }
        if (zone is not null)
        {
            body["ScheduleExpressionTimezone"] = zone;
        }
        if (after is not null)
        {
            body["ActionAfterCompletion"] = after;
        }
        return body;
    }

    private static async Task<(HttpStatusCode Status, string? ErrorType, JsonObject Json)> CallAsync(TestCloud cloud, HttpMethod method, string path, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20261125/us-east-1/scheduler/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await cloud.Http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
        var type = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First().Split(':')[0] : null;
        return (response.StatusCode, type, json);
    }

    private static async Task CreateGroupAsync(TestCloud cloud, string group) =>
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(cloud, HttpMethod.Post, "/schedule-groups/" + group, [])).Status);

    [Fact]
    public async Task CreateSchedule_GroupDoesNotExist_ResourceNotFound404()
    {
        using var cloud = new TestCloud(moto);

        var (status, type, _) = await CallAsync(cloud, HttpMethod.Post, "/schedules/" + MotoFixture.Unique("s"), Schedule("rate(1 day)", group: MotoFixture.Unique("nogroup")));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("ResourceNotFoundException", type);
    }

    [Theory]
    [InlineData("at(2026-13-01T00:00:00)", null)]
    [InlineData("at(2026-12-01 10:00)", null)]
    [InlineData("rate(0 hours)", null)]
    [InlineData("cron(0 10 * * * *)", null)]
    [InlineData("cron(0 10 * * ?)", null)]
    [InlineData("at(2026-12-01T10:00:00)", "Europe/Atlantis")]
    public async Task CreateSchedule_MalformedExpressionOrUnknownZone_Validation400(string expression, string? zone)
    {
        using var cloud = new TestCloud(moto);
        var group = MotoFixture.Unique("g");
        await CreateGroupAsync(cloud, group);

        var (status, type, _) = await CallAsync(cloud, HttpMethod.Post, "/schedules/" + MotoFixture.Unique("s"), Schedule(expression, group, zone));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", type);
    }

    [Theory]
    [InlineData("at(2026-12-01T10:00:00)", "Europe/Berlin")]
    [InlineData("cron(0 9 ? * MON-FRI *)", "America/New_York")]
    [InlineData("rate(5 minutes)", null)]
    public async Task CreateSchedule_Valid_Created(string expression, string? zone)
    {
        using var cloud = new TestCloud(moto);
        var group = MotoFixture.Unique("g");
        await CreateGroupAsync(cloud, group);

        var (status, _, json) = await CallAsync(cloud, HttpMethod.Post, "/schedules/" + MotoFixture.Unique("s"), Schedule(expression, group, zone));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"schedule/{group}/", json["ScheduleArn"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateSchedule_WithoutActionAfterCompletion_ResetsItToNone()
    {
        using var cloud = new TestCloud(moto);
        var group = MotoFixture.Unique("g");
        var name = MotoFixture.Unique("s");
        await CreateGroupAsync(cloud, group);
        var created = Schedule("at(2026-12-01T10:00:00)", group, after: "DELETE");
        created["State"] = "DISABLED";
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(cloud, HttpMethod.Post, "/schedules/" + name, created)).Status);

        var (status, _, _) = await CallAsync(cloud, HttpMethod.Put, "/schedules/" + name, Schedule("at(2026-12-02T10:00:00)", group));
        var (_, _, read) = await CallAsync(cloud, HttpMethod.Get, $"/schedules/{name}?groupName={group}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("NONE", read["ActionAfterCompletion"]?.GetValue<string>());
        Assert.Equal("ENABLED", read["State"]?.GetValue<string>());
        Assert.Equal("at(2026-12-02T10:00:00)", read["ScheduleExpression"]?.GetValue<string>());
    }

    [Fact]
    public async Task UpdateSchedule_MalformedExpression_Validation400_ScheduleUnchanged()
    {
        using var cloud = new TestCloud(moto);
        var group = MotoFixture.Unique("g");
        var name = MotoFixture.Unique("s");
        await CreateGroupAsync(cloud, group);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(cloud, HttpMethod.Post, "/schedules/" + name, Schedule("rate(1 day)", group))).Status);

        var (status, type, _) = await CallAsync(cloud, HttpMethod.Put, "/schedules/" + name, Schedule("rate(1 fortnight)", group));
        var (_, _, read) = await CallAsync(cloud, HttpMethod.Get, $"/schedules/{name}?groupName={group}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("ValidationException", type);
        Assert.Equal("rate(1 day)", read["ScheduleExpression"]?.GetValue<string>());
    }
}
