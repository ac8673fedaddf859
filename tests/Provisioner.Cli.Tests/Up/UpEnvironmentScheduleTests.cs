using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Provisioner.Cli.Local;
using Provisioner.Cli.Up;
using Provisioner.LocalCloud.Scheduling;

namespace Provisioner.Cli.Tests.Up;

/// <summary>
/// Issue 12 items 1 and 3 end to end on <c>up</c> (virtual time): a TTL tears the environment down by itself
/// after reminding its topic, and a request for later starts at its time, both through the CLI and the
/// schedules LocalCloud's scheduler fires, leaving nothing behind.
/// </summary>
public sealed class UpEnvironmentScheduleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TtlOneHour_RemindsTheTopicBefore_ThenTearsItselfDown_Expired_NothingLeft()
    {
        var dataDir = Directory.CreateTempSubdirectory("provisioner-up-test-").FullName;
        await using var up = await UpHost.StartAsync(new UpOptions(dataDir, VirtualTime: true), TextWriter.Null, Ct);
        var firings = Record(up.Scheduler);
        var expired = Fired(up.Scheduler, "prov-shop-dev-expiry");
        var specFile = await SpecFileAsync(dataDir, ttlHours: 1);

        var (created, createdOut, createdError) = await CliRun.InProcessAsync("", ["create", specFile, "--wait", "--json", .. As(up, "dev-a")]);

        Assert.True(created == 0, createdError);
        var ready = JsonNode.Parse(createdOut.Trim().Split('\n')[^1])!;
        Assert.Equal("READY", (string?)ready["status"]);
        var createdAt = Time(ready["createdAt"]);
        Assert.Equal(createdAt.AddHours(1), Time(ready["expiresAt"]));

        var expiry = await expired.WaitAsync(TimeSpan.FromMinutes(3), Ct);
        var (settled, settledOut, settledError) = await CliRun.InProcessAsync("", ["status", "shop-dev", "--watch", "--json", .. As(up, "dev-a")]);

        Assert.True(settled == 0, settledError);
        var deleted = JsonNode.Parse(settledOut.Trim().Split('\n')[^1])!;
        Assert.Equal("DELETED", (string?)deleted["status"]);
        Assert.Equal("expired", (string?)deleted["deleteReason"]);
        Assert.Null(expiry.Error);
        // Whole seconds: Scheduler's at() and the registry's milliseconds.
        Assert.Equal(Seconds(createdAt.AddHours(1)), expiry.Invocation.ScheduledTime);
        // The reminder: a tenth of the hour before, to the environment's alert topic, saying how to extend it.
        var reminder = Assert.Single(firings, f => f.Invocation.ScheduleName == "prov-shop-dev-reminder");
        Assert.Null(reminder.Error);
        Assert.Equal(Seconds(createdAt.AddMinutes(54)), reminder.Invocation.ScheduledTime);
        Assert.EndsWith(":prov-shop-dev-alerts", reminder.Invocation.TargetArn, StringComparison.Ordinal);
        Assert.Contains("provisioner extend shop-dev", reminder.Invocation.Input, StringComparison.Ordinal);
        Assert.Single(firings, f => f.Invocation.ScheduleName == "prov-shop-dev-expiry");
        await AssertNothingLeftAsync(up);
        var teardown = Assert.Single(await up.Local.Workflows.Engine.ListExecutionsAsync(up.Local.Workflows.TeardownArn, null));
        Assert.Equal(("shop-dev-g1-teardown-1", "SUCCEEDED"), (teardown.Name, teardown.Status));
    }

    [Fact]
    public async Task StartAt_IsScheduledUntilThen_ThenProvisionsFromTheRequest_NothingLeftAfterDelete()
    {
        var dataDir = Directory.CreateTempSubdirectory("provisioner-up-test-").FullName;
        await using var up = await UpHost.StartAsync(new UpOptions(dataDir, VirtualTime: true), TextWriter.Null, Ct);
        var started = Fired(up.Scheduler, "prov-shop-dev-start");
        var specFile = await SpecFileAsync(dataDir, ttlHours: null);
        var startAt = Seconds(up.Local.Clock.GetUtcNow().AddHours(2));
        var startText = startAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        var (created, createdOut, createdError) = await CliRun.InProcessAsync("", ["create", specFile, "--start-at", startText, "--json", .. As(up, "dev-a")]);

        Assert.True(created == 0, createdError);
        var scheduled = JsonNode.Parse(createdOut.Trim().Split('\n')[^1])!;
        Assert.Equal("SCHEDULED", (string?)scheduled["status"]);
        Assert.Equal(startAt, Time(scheduled["startAt"]));
        Assert.Empty(await up.Local.Workflows.Engine.ListExecutionsAsync(up.Local.Workflows.ProvisionArn, null));

        var (settled, settledOut, settledError) = await CliRun.InProcessAsync("", ["status", "shop-dev", "--watch", "--json", .. As(up, "dev-a")]);

        Assert.True(settled == 0, settledError);
        Assert.Equal("READY", (string?)JsonNode.Parse(settledOut.Trim().Split('\n')[^1])!["status"]);
        var firing = await started.WaitAsync(TimeSpan.FromMinutes(1), Ct);
        Assert.Null(firing.Error);
        var provision = Assert.Single(await up.Local.Workflows.Engine.ListExecutionsAsync(up.Local.Workflows.ProvisionArn, null));
        Assert.Equal("shop-dev-g1-provision-1", provision.Name);
        Assert.True(provision.StartDate >= startAt, $"the provision started at {provision.StartDate:O}, before {startAt:O}");

        var (deleted, _, deletedError) = await CliRun.InProcessAsync("", ["delete", "shop-dev", "--wait", .. As(up, "dev-a")]);

        Assert.True(deleted == 0, deletedError);
        await AssertNothingLeftAsync(up);
    }

    [Fact]
    public async Task RecreatedRightAfterItsDelete_WaitsForTheOldLogGroupsFinalExport_ThenReady_NothingLeftAfterDelete()
    {
        var dataDir = Directory.CreateTempSubdirectory("provisioner-up-test-").FullName;
        await using var up = await UpHost.StartAsync(new UpOptions(dataDir, VirtualTime: true), TextWriter.Null, Ct);
        var specFile = await SpecFileAsync(dataDir, ttlHours: null);
        var (first, _, firstError) = await CliRun.InProcessAsync("", ["create", specFile, "--wait", .. As(up, "dev-a")]);
        Assert.True(first == 0, firstError);
        // The account's export slot is held elsewhere, so generation 1's final export waits with its log group.
        using var clients = up.Local.Cloud.CreateClients();
        var exports = new Provisioner.Functions.Export.LogExportTable(clients.DynamoDb, LocalProvisioner.LogExport(up.Local.Cloud.Options.Region).TableName);
        Assert.NotNull(await exports.TryAcquireAsync("another-holder", up.Local.Clock.GetUtcNow().ToUnixTimeMilliseconds(), TimeSpan.FromDays(1), Ct));
        var (deleted, _, deletedError) = await CliRun.InProcessAsync("", ["delete", "shop-dev", "--wait", .. As(up, "dev-a")]);
        Assert.True(deleted == 0, deletedError);

        var (again, _, againError) = await CliRun.InProcessAsync("", ["create", specFile, .. As(up, "dev-a")]);
        Assert.True(again == 0, againError);
        var handOverRetries = 0;
        for (var look = 0; handOverRetries == 0; look++)
        {
            Assert.True(look < 200, "generation 2's provision never met generation 1's log group");
            await Task.Delay(TimeSpan.FromSeconds(30), up.Local.Clock, Ct); // virtual time
            var provision = (await up.Local.Workflows.Engine.ListExecutionsAsync(up.Local.Workflows.ProvisionArn, null)).Single(e => e.Name.Contains("-g2-", StringComparison.Ordinal));
            handOverRetries = (await up.Local.Workflows.Engine.GetExecutionHistoryAsync(provision.Arn))
                .Count(e => e.Details?.ToJsonString().Contains(Provisioner.Core.Steps.StepErrors.LogGroupHandOver, StringComparison.Ordinal) == true);
        }
        Assert.True(await exports.ReleaseAsync("another-holder", Ct)); // the final export takes the slot, exports the tail, deletes the group
        var (settled, againOut, settledError) = await CliRun.InProcessAsync("", ["status", "shop-dev", "--watch", "--json", .. As(up, "dev-a")]);

        Assert.True(settled == 0, settledError);
        var ready = JsonNode.Parse(againOut.Trim().Split('\n')[^1])!;
        Assert.Equal(("READY", 2), ((string?)ready["status"], (int?)ready["generation"]));
        var group = Assert.Single(await up.Local.Cloud.Inspection.ListAsync("shop-dev", Ct), r => r.Type == Provisioner.LocalCloud.Inspection.InspectedTypes.LogGroup);
        Assert.Equal("2", group.Tags[Provisioner.Core.Naming.ResourceTags.GenerationKey]);
        var (gone, _, goneError) = await CliRun.InProcessAsync("", ["delete", "shop-dev", "--wait", .. As(up, "dev-a")]);
        Assert.True(gone == 0, goneError);
        await AssertNothingLeftAsync(up);
    }

    [Fact]
    public async Task StartAt_InThePast_Is400OnStartAt_ExitTwo_NothingRegistered()
    {
        var dataDir = Directory.CreateTempSubdirectory("provisioner-up-test-").FullName;
        await using var up = await UpHost.StartAsync(new UpOptions(dataDir, VirtualTime: true), TextWriter.Null, Ct);
        var specFile = await SpecFileAsync(dataDir, ttlHours: null);
        var past = up.Local.Clock.GetUtcNow().AddMinutes(-1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        var (exit, _, error) = await CliRun.InProcessAsync("", ["create", specFile, "--start-at", past, .. As(up, "dev-a")]);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("/startAt", error, StringComparison.Ordinal);
        Assert.Contains("must be in the future", error, StringComparison.Ordinal);
        var (_, listOut, _) = await CliRun.InProcessAsync("", ["list", "--json", .. As(up, "dev-a")]);
        Assert.Empty(JsonNode.Parse(listOut)!["items"]!.AsArray());
        await AssertNothingLeftAsync(up);
    }

    private static string[] As(UpHost up, string user) => ["--api", up.Info.Api, "--token", up.Info.Users[user]];

    private static async Task<string> SpecFileAsync(string dataDir, int? ttlHours)
    {
        var spec = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(CliRun.RepositoryRoot(), "examples", "lab.json"), Ct))!.AsObject();
        spec.Remove("ttlHours");
        if (ttlHours is { } hours)
        {
            spec["ttlHours"] = hours;
        }
        var file = Path.Combine(dataDir, "spec.json");
        await File.WriteAllTextAsync(file, spec.ToJsonString(), Ct);
        return file;
    }

    private static ConcurrentQueue<ScheduleFiring> Record(LocalScheduler scheduler)
    {
        var firings = new ConcurrentQueue<ScheduleFiring>();
        scheduler.Fired += firings.Enqueue;
        return firings;
    }

    private static Task<ScheduleFiring> Fired(LocalScheduler scheduler, string name)
    {
        var fired = new TaskCompletionSource<ScheduleFiring>(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.Fired += f =>
        {
            if (f.Invocation.ScheduleName == name)
            {
                fired.TrySetResult(f);
            }
        };
        return fired.Task;
    }

    /// <summary>No resource of the environment, and no schedule of it in the deployment's group.</summary>
    private static async Task AssertNothingLeftAsync(UpHost up)
    {
        await up.Local.Workflows.WaitForLogExportsAsync(Ct); // the teardown hands the log group to the worker
        var left = await up.Local.Cloud.Inspection.ListAsync("shop-dev", Ct);
        if (left.Count > 0)
        {
            var exports = await up.Local.Workflows.Engine.ListExecutionsAsync(up.Local.Workflows.LogExportArn, null);
            var teardowns = await up.Local.Workflows.Engine.ListExecutionsAsync(up.Local.Workflows.TeardownArn, null);
            Assert.Fail($"left: {string.Join(", ", left)}; log-export executions: "
                + string.Join("; ", exports.Select(e => $"{e.Name} {e.Status} {e.Error} {e.Cause} {e.Output}"))
                + "; teardowns: " + string.Join("; ", teardowns.Select(e => $"{e.Name} {e.Status} {e.Output}")));
        }
        var group = LocalProvisioner.Settings(up.Local.Cloud.Options.Region).ScheduleGroupName;
        // Straight to moto (the clients on the pipeline wait their latency on the virtual clock).
        var schedules = await up.Local.Cloud.Backchannel.RestJsonAsync("scheduler", HttpMethod.Get, $"/schedules?ScheduleGroup={group}&NamePrefix=prov-shop-dev-", cancellationToken: Ct);
        Assert.Empty(schedules["Schedules"]!.AsArray());
    }

    private static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture);

    private static DateTimeOffset Seconds(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
