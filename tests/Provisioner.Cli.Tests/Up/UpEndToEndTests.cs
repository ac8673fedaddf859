using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Provisioner.Cli.Up;

namespace Provisioner.Cli.Tests.Up;

/// <summary>
/// The service on this machine: <c>up</c>'s host (LocalCloud, the registry, the durable engine and its Step
/// Functions API, the Provisioner API behind JWTs) on 127.0.0.1, driven by the CLI verbs and plain HTTP as a
/// user would, on the virtual clock.
/// </summary>
public sealed class UpEndToEndTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Up_CreateTheLabExampleUnchanged_FollowDeleteThroughTheCli_OwnersIsolated_NothingLeft()
    {
        var dataDir = Directory.CreateTempSubdirectory("provisioner-up-test-").FullName;
        await using var up = await UpHost.StartAsync(new UpOptions(dataDir, VirtualTime: true), TextWriter.Null, Ct);
        var info = UpInfo.Parse(await File.ReadAllTextAsync(Path.Combine(dataDir, "up.json"), Ct));
        Assert.Equal(up.Info.Api, info.Api);
        // The lab's example exactly as committed: its source is the app server's Name tag, its network the deployment's.
        var specFile = Path.Combine(CliRun.RepositoryRoot(), "examples", "lab.json");
        string[] asDevA = ["--api", info.Api, "--token", info.Users["dev-a"]];

        var (created, createdOut, createdError) = await CliRun.InProcessAsync("", ["create", specFile, "--wait", "--json", .. asDevA]);

        Assert.True(created == 0, createdError);
        var ready = JsonNode.Parse(createdOut.Trim().Split('\n')[^1])!;
        Assert.Equal("READY", (string?)ready["status"]);
        Assert.Equal("dev-a", (string?)ready["owner"]);
        Assert.StartsWith("https://", (string?)ready["url"], StringComparison.Ordinal);
        Assert.Contains("CreateAsg", createdError, StringComparison.Ordinal); // the live view followed the workflow

        using var http = new HttpClient { BaseAddress = new Uri(info.Api + "/") };
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(http, "environments/shop-dev", info.Users["dev-b"]));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "environments/shop-dev", info.Users["admin"]));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(http, "environments/shop-dev", "not-a-token"));
        var (events, eventsOut, _) = await CliRun.InProcessAsync("", ["status", "shop-dev", "--json", .. asDevA]);
        Assert.Equal(0, events);
        Assert.Equal("READY", (string?)JsonNode.Parse(eventsOut)!["status"]);

        var (deleted, deletedOut, deletedError) = await CliRun.InProcessAsync("", ["delete", "shop-dev", "--wait", "--json", .. asDevA]);

        Assert.True(deleted == 0, deletedError);
        Assert.Equal("DELETED", (string?)JsonNode.Parse(deletedOut.Trim().Split('\n')[^1])!["status"]);
        await up.Local.Workflows.WaitForLogExportsAsync(Ct); // DELETED does not wait for the final export; the log group goes with it
        Assert.Empty(await up.Local.Cloud.Inspection.ListAsync("shop-dev", Ct));
        var engine = up.Local.Workflows.Engine;
        Assert.Single(await engine.ListExecutionsAsync(up.Local.Workflows.ProvisionArn, null), e => e.Name == "shop-dev-g1-provision-1" && e.Status == "SUCCEEDED");
        Assert.Single(await engine.ListExecutionsAsync(up.Local.Workflows.TeardownArn, null), e => e.Name == "shop-dev-g1-teardown-1" && e.Status == "SUCCEEDED");
    }

    [Fact]
    public async Task Create_InvalidSpec_PrintsEveryFieldError_ExitsTwo_CreatesNothing()
    {
        var dataDir = Directory.CreateTempSubdirectory("provisioner-up-test-").FullName;
        await using var up = await UpHost.StartAsync(new UpOptions(dataDir, VirtualTime: true), TextWriter.Null, Ct);
        var spec = LabSpec();
        spec["scaling"] = new JsonObject { ["min"] = 5, ["max"] = 2 };
        spec["app"]!["port"] = 70000;
        var specFile = Path.Combine(dataDir, "bad.json");
        await File.WriteAllTextAsync(specFile, spec.ToJsonString(), Ct);

        var (exit, _, error) = await CliRun.InProcessAsync("", "create", specFile, "--api", up.Info.Api, "--token", up.Info.Users["dev-a"]);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("/app/port: ", error, StringComparison.Ordinal);
        Assert.Contains("/scaling", error, StringComparison.Ordinal);
        var (listed, listOut, _) = await CliRun.InProcessAsync("", "list", "--json", "--api", up.Info.Api, "--token", up.Info.Users["dev-a"]);
        Assert.Equal(0, listed);
        Assert.Empty(JsonNode.Parse(listOut)!["items"]!.AsArray());
        Assert.Empty(await up.Local.Cloud.Inspection.ListAsync("shop-dev", Ct));
    }

    private static JsonObject LabSpec() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(CliRun.RepositoryRoot(), "examples", "lab.json")))!.AsObject();

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
