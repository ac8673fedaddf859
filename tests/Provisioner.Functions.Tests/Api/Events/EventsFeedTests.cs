using System.Text.Json.Nodes;
using Provisioner.Aws.StepFunctions;
using static Provisioner.Functions.Tests.Api.ApiHarness;

namespace Provisioner.Functions.Tests.Api.Events;

public sealed class EventsFeedTests
{
    private readonly ApiHarness _h = new();

    [Fact]
    public async Task Events_ProvisionHistory_StepsPhasesAndPagesFollowedThroughNext()
    {
        await _h.PostAsync("/environments", Spec(), DevA);
        var arn = (await _h.Registry.GetAsync("shop-dev", Ct))!.ExecutionArn!;
        var t = _h.Time.GetUtcNow();
        _h.Workflows.Histories[arn] =
        [
            new(1, null, t, "ExecutionStarted", null, null, null, null, null, null),
            new(2, 1, t, "TaskStateEntered", "ValidateSpec", null, null, null, null, null),
            new(3, 2, t, "TaskScheduled", null, null, null, null, null, null),
            new(4, 3, t.AddSeconds(1), "TaskStateExited", "ValidateSpec", null, null, null, null, null),
            new(5, 4, t.AddSeconds(1), "TaskStateEntered", "CreateAmi", null, null, null, null, null),
            new(6, 5, t.AddSeconds(2), "TaskFailed", null, null, null, "Ec2.Throttled", "slow down", null),
        ];

        var first = Json(await _h.SendAsync("GET", "/environments/shop-dev/events", DevA));
        var events = (JsonArray)first["events"]!;
        Assert.Equal(["ValidateSpec started", "ValidateSpec succeeded", "CreateAmi started", "CreateAmi failed: Ec2.Throttled: slow down"],
            events.Select(e => (string?)e!["message"]));
        Assert.Equal("CreateAmi", (string?)events[2]!["branch"]);
        Assert.Equal("2026-12-01T09:00:02.000Z", (string?)events[3]!["at"]);

        _h.Workflows.Histories[arn].Add(new(7, 6, t.AddSeconds(3), "TaskStateEntered", "CreateAmi", null, null, null, null, null));
        var next = Json(await _h.SendAsync("GET", "/environments/shop-dev/events", DevA, query: new Dictionary<string, string> { ["after"] = (string)first["next"]! }));
        Assert.Equal(["CreateAmi started"], ((JsonArray)next["events"]!).Select(e => (string?)e!["message"]));
        Assert.Equal("CreateAmi", (string?)Json(await _h.SendAsync("GET", "/environments/shop-dev", DevA))["currentStep"]);
    }

    [Fact]
    public async Task Events_BadCursor_BadRequest()
    {
        await _h.PostAsync("/environments", Spec(), DevA);
        var response = await _h.SendAsync("GET", "/environments/shop-dev/events", DevA, query: new Dictionary<string, string> { ["after"] = "nope" });
        Assert.Equal(400, response.Status);
    }
}
