using System.Text.Json.Nodes;
using Provisioner.Functions.Export;
using static Provisioner.Functions.Tests.Api.ApiHarness;

namespace Provisioner.Functions.Tests.Api;

/// <summary>GET /environments/{id} shows the environment's recent exports from the log-export worker's records (checked against openapi.json by the harness).</summary>
public sealed class EnvironmentLogExportsTests
{
    private readonly RecordingHistory _history = new();

    [Fact]
    public async Task Get_WithTheWorkersRecords_ShowsEachRangeAsTimesWithStatusAndPrefix()
    {
        var h = new ApiHarness(logExports: _history);
        await h.PostAsync("/environments", Spec(), DevA);
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        _history.Records = [new(0, start, "COMPLETED", "shop-dev/1"), new(start + 1, start + 3_600_000, "FAILED", "shop-dev/1")];

        var body = JsonNode.Parse((await h.SendAsync("GET", "/environments/shop-dev", DevA)).BodyText)!;

        var exports = body["logExports"]!.AsArray();
        Assert.Equal(2, exports.Count);
        Assert.Equal(("1970-01-01T00:00:00.000Z", "2026-12-01T09:00:00.000Z", "COMPLETED", "shop-dev/1"),
            ((string?)exports[0]!["from"], (string?)exports[0]!["to"], (string?)exports[0]!["status"], (string?)exports[0]!["destinationPrefix"]));
        Assert.Equal(("2026-12-01T09:00:00.001Z", "2026-12-01T10:00:00.000Z", "FAILED"),
            ((string?)exports[1]!["from"], (string?)exports[1]!["to"], (string?)exports[1]!["status"]));
        Assert.Equal([("shop-dev", 1)], _history.Asked); // the environment's current generation
    }

    [Fact]
    public async Task Get_NoExportsYet_ShowsAnEmptyList()
    {
        var h = new ApiHarness(logExports: _history);
        await h.PostAsync("/environments", Spec(), DevA);

        var body = JsonNode.Parse((await h.SendAsync("GET", "/environments/shop-dev", DevA)).BodyText)!;

        Assert.Empty(body["logExports"]!.AsArray());
    }

    [Fact]
    public async Task Get_AnotherOwnersEnvironment_IsNotFound_AndTheRecordsAreNotRead()
    {
        var h = new ApiHarness(logExports: _history);
        await h.PostAsync("/environments", Spec(), DevA);

        Assert.Equal(404, (await h.SendAsync("GET", "/environments/shop-dev", DevB)).Status);
        Assert.Empty(_history.Asked);
    }

    [Fact]
    public async Task Get_WithoutTheWorkerConfigured_HasNoLogExports()
    {
        var h = new ApiHarness();
        await h.PostAsync("/environments", Spec(), DevA);

        var body = JsonNode.Parse((await h.SendAsync("GET", "/environments/shop-dev", DevA)).BodyText)!.AsObject();

        Assert.False(body.ContainsKey("logExports"));
    }

    private sealed class RecordingHistory : ILogExportHistory
    {
        public IReadOnlyList<ExportRecord> Records { get; set; } = [];

        public List<(string, int)> Asked { get; } = [];

        public Task<IReadOnlyList<ExportRecord>> RecentAsync(string environmentId, int generation, CancellationToken cancellationToken)
        {
            Asked.Add((environmentId, generation));
            return Task.FromResult(Records);
        }
    }
}
