using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Provisioner.Cli.Up;
using Provisioner.Functions.Api;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Api.Status;

namespace Provisioner.Cli.Tests.Up;

/// <summary>
/// What a restarted <c>up</c> repairs besides the engine's own resume: the simulated now never runs backwards, and
/// an execution that ended while no status handler listened (a SIGKILL between its end and the registry write)
/// reaches the registry. The kill loop itself is bench/Provisioner.CrashResume.Bench.
/// </summary>
public sealed class UpRestartTests
{
    private static readonly DateTimeOffset Saved = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void SavedClock_TakesTheLaterOfTheClockFileAndLocalCloudsLastWrite()
    {
        var dataDir = Directory.CreateTempSubdirectory("provisioner-up-restart-").FullName;
        Assert.Null(UpRestart.SavedClock(dataDir));

        UpRestart.SaveClock(dataDir, Saved);
        Assert.Equal(Saved, UpRestart.SavedClock(dataDir));

        // LocalCloud wrote its state after the last periodic clock save, then the process was killed.
        File.WriteAllText(Path.Combine(dataDir, UpRestart.CloudStateFile),
            new JsonObject { ["now"] = Saved.AddSeconds(90).ToString("O", CultureInfo.InvariantCulture) }.ToJsonString());
        Assert.Equal(Saved.AddSeconds(90), UpRestart.SavedClock(dataDir));

        UpRestart.SaveClock(dataDir, Saved.AddMinutes(5));
        Assert.Equal(Saved.AddMinutes(5), UpRestart.SavedClock(dataDir));
        Assert.False(File.Exists(Path.Combine(dataDir, UpRestart.ClockFile + ".tmp")));
    }

    [Fact]
    public async Task CatchUpStatus_ExecutionEndedButRegistryStillCreating_RecordedReady_OnceOnly()
    {
        var dataDir = Directory.CreateTempSubdirectory("provisioner-up-restart-").FullName;
        await using var up = await UpHost.StartAsync(new UpOptions(dataDir, VirtualTime: true), TextWriter.Null, Ct);
        using var registry = new DynamoDbEnvironmentRegistry(up.Local.Clients.DynamoDb, UpHost.TableName, serializeWrites: true);
        var spec = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(CliRun.RepositoryRoot(), "examples", "lab.json"), Ct))!;
        spec["environmentId"] = "catch-up";
        using var http = new HttpClient();
        using var create = new HttpRequestMessage(HttpMethod.Post, up.Info.Api + "/environments")
        {
            Content = new StringContent(spec.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", up.Info.Users["dev-a"]);
        using var created = await http.SendAsync(create, Ct);
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var record = (await registry.GetAsync("catch-up", Ct))!;
        var execution = await up.Local.Workflows.Engine.WaitForExecutionAsync(record.ExecutionArn!, Ct);
        Assert.Equal("SUCCEEDED", execution.Status);
        // The engine notifies the status handler before the execution counts as closed.
        var ready = (await registry.GetAsync("catch-up", Ct))!;
        Assert.Equal(EnvironmentStatus.Ready, ready.Status);
        // The kill between the execution's end and the status handler's write: the registry still says CREATING.
        await registry.WriteAsync(ready, ready with { Status = EnvironmentStatus.Creating, Resources = null, Url = null }, new Provisioner.Functions.Api.Registry.Quotas(), Ct);
        var status = new ExecutionStatusChanged(registry, new ApiOptions(), up.Local.Clock);

        var caughtUp = await UpRestart.CatchUpStatusAsync(registry, up.Local.Workflows.Engine, status, Ct);
        var again = await UpRestart.CatchUpStatusAsync(registry, up.Local.Workflows.Engine, status, Ct);

        Assert.Equal(["catch-up-g1-provision-1"], caughtUp);
        Assert.Empty(again);
        var repaired = (await registry.GetAsync("catch-up", Ct))!;
        Assert.Equal(EnvironmentStatus.Ready, repaired.Status);
        Assert.NotNull(repaired.Resources);
    }
}
