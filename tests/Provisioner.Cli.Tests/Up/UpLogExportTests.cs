using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Provisioner.Aws;
using Provisioner.Cli.Demo;
using Provisioner.Cli.Local;
using Provisioner.Cli.Up;
using Provisioner.Core.Spec;
using Provisioner.Functions.Export;
using Provisioner.Functions.Steps;
using Provisioner.StateMachine.Storage;

namespace Provisioner.Cli.Tests.Up;

/// <summary>
/// The export schedules fire on <c>up</c> (fast clock, --time-scale 3600) into the log-export worker on the local
/// engine: three environments with hourly exports over six simulated hours, then their teardowns. The simulated
/// clock starts hours behind the real one, since moto refuses log events more than two hours ahead of it.
/// </summary>
public sealed class UpLogExportTests
{
    private static readonly string[] Environments = ["exp-a", "exp-b", "exp-c"];
    private static readonly TimeSpan Span = TimeSpan.FromHours(6);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HourlyExports_ThreeEnvironments_SixHours_OneTaskAtATime_NoGapNoOverlap_AndTheTeardownExportsTheTail()
    {
        var dataDir = Directory.CreateTempSubdirectory("provisioner-up-export-").FullName;
        var start = DateTimeOffset.UtcNow.AddHours(-9);
        await File.WriteAllTextAsync(Path.Combine(dataDir, "clock.json"), new JsonObject { ["now"] = start.ToString("O", CultureInfo.InvariantCulture) }.ToJsonString(), Ct);
        using var log = new StringWriter();
        await using var up = await UpHost.StartAsync(new UpOptions(dataDir, TimeScale: 3600), log, Ct);
        var clock = up.Local.Clock;
        var region = up.Local.Cloud.Options.Region;
        // Setup is no part of the simulated hours (its clients go straight to moto, off the clock).
        clock.Paused = true;
        using var setup = new AwsClients(AwsSettings.ForLocalEndpoint(up.Local.Cloud.Endpoint, region));
        var t0 = clock.GetUtcNow();
        var written = new Dictionary<string, List<(long At, string Line)>>();
        foreach (var env in Environments)
        {
            var spec = Spec(up, env);
            var output = await new ScheduleLogExport(setup.CloudWatchLogs, setup.Scheduler, LocalProvisioner.Settings(region)).RunAsync(new StepInput(spec), Ct);
            written[env] = await WriteEventsAsync(up, output.LogGroupName, env, t0);
        }
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        up.Local.Workflows.ExecutionStatusChanged += execution =>
        {
            if (execution.StateMachineArn == up.Local.Workflows.LogExportArn && execution.Status != "RUNNING" && clock.GetUtcNow() >= t0 + Span)
            {
                reached.TrySetResult();
            }
        };
        clock.Paused = false;

        await reached.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        await up.Local.Workflows.WaitForLogExportsAsync(Ct); // the hourly ones in flight finish first
        clock.Paused = true;
        // The tail: written after every scheduled range, so only an export at the teardown can take it.
        var teardownAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var env in Environments)
        {
            var line = $"{env} tail";
            await PutAsync(up, Group(env), [(teardownAt - 1, line)]);
            written[env].Add((teardownAt - 1, line));
        }
        clock.Paused = false;
        foreach (var env in Environments)
        {
            var teardown = await up.Local.Workflows.RunAsync(up.Local.Workflows.TeardownArn, new JsonObject { ["environmentId"] = env }, Ct);
            Assert.True(teardown.Result.Status == "SUCCEEDED", teardown.Result.Cause);
        }
        await up.Local.Workflows.WaitForLogExportsAsync(Ct);

        var table = new LogExportTable(setup.DynamoDb, LocalProvisioner.LogExport(region).TableName);
        var executions = await up.Local.Workflows.Engine.ListExecutionsAsync(up.Local.Workflows.LogExportArn, null);
        Assert.All(executions, e => Assert.Equal("SUCCEEDED", e.Status));
        await AssertOneTaskAtATimeAsync(up, executions);
        foreach (var env in Environments)
        {
            var row = await table.GetAsync(env, Ct);
            Assert.NotNull(row);
            var completed = row.History.Where(h => h.Status == ExportStatus.Completed).ToList();
            Assert.True(completed.Count >= 6, $"{env}: {completed.Count} exports in six hours and a teardown");
            Assert.Equal(0, completed[0].From);
            for (var i = 1; i < completed.Count; i++)
            {
                Assert.Equal(completed[i - 1].To + 1, completed[i].From); // no gap, no overlap
            }
            Assert.All(completed, h => Assert.Equal($"{env}/1", h.DestinationPrefix));
            Assert.True(row.Deleted, $"{env}: the final export deleted the log group");
            Assert.True(completed[^1].To >= teardownAt, $"{env}: the final export reaches the teardown");
            Assert.Equal(written[env].Select(w => w.Line).Order(StringComparer.Ordinal), await ExportedLinesAsync(setup, env));
            Assert.Empty(await up.Local.Cloud.Inspection.ListAsync(env, Ct)); // log group and schedule gone
        }
    }

    private static EnvironmentSpec Spec(UpHost up, string env)
    {
        var node = DemoRunner.DemoSpec(up.Local.Cloud.Seed!);
        node["environmentId"] = env;
        node["logs"]!["exportSchedule"] = "rate(1 hour)";
        return JsonSerializer.Deserialize(node, SpecJsonContext.Default.EnvironmentSpec)!;
    }

    private static string Group(string env) => Provisioner.Core.Naming.ResourceNames.For(env).LogGroup;

    /// <summary>One line every ten simulated minutes from just before the schedules exist to well inside the six hours (all behind the real clock).</summary>
    private static async Task<List<(long At, string Line)>> WriteEventsAsync(UpHost up, string group, string env, DateTimeOffset t0)
    {
        await up.Local.Cloud.Backchannel.JsonAsync("logs", "CreateLogStream", new JsonObject { ["logGroupName"] = group, ["logStreamName"] = "i-1" }, Ct);
        var events = Enumerable.Range(-1, 35).Select(i => (t0.AddMinutes(10 * i).ToUnixTimeMilliseconds(), $"{env} line {i + 1:00}")).ToList();
        await PutAsync(up, group, events);
        return events;
    }

    private static Task<JsonObject> PutAsync(UpHost up, string group, IEnumerable<(long At, string Line)> events) =>
        up.Local.Cloud.Backchannel.JsonAsync("logs", "PutLogEvents", new JsonObject
        {
            ["logGroupName"] = group,
            ["logStreamName"] = "i-1",
            ["logEvents"] = new JsonArray([.. events.Select(e => (JsonNode)new JsonObject { ["timestamp"] = e.At, ["message"] = e.Line })]),
        }, Ct);

    /// <summary>Every export task's life (its start's success to the check that saw it finish), across all executions: none overlaps another.</summary>
    private static async Task AssertOneTaskAtATimeAsync(UpHost up, IReadOnlyList<ExecutionRecord> executions)
    {
        var tasks = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        foreach (var execution in executions)
        {
            DateTimeOffset? open = null;
            foreach (var e in await up.Local.Workflows.Engine.GetExecutionHistoryAsync(execution.Arn))
            {
                if (e.Type == "StateEnteredEvent" || e.Type.EndsWith("StateEntered", StringComparison.Ordinal))
                {
                    Assert.NotEqual("WaitSlot", (string?)e.Details?["name"]); // never refused for another active task
                }
                if (e.Type != "LambdaFunctionSucceeded" || e.Details?["output"]?.GetValue<string>() is not { } text || JsonNode.Parse(text) is not JsonObject output)
                {
                    continue;
                }
                if ((string?)output["state"] == LogExportWorker.Started)
                {
                    open ??= e.Timestamp;
                }
                else if (output["done"]?.GetValue<bool>() == true && open is { } began)
                {
                    tasks.Add((began, e.Timestamp));
                    open = null;
                }
            }
            Assert.Null(open);
        }
        var ordered = tasks.OrderBy(t => t.Start).ToList();
        Assert.True(ordered.Count >= 18, $"{ordered.Count} export tasks");
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i].Start >= ordered[i - 1].End, $"export task {i} started at {ordered[i].Start:O}, before the one before ended ({ordered[i - 1].End:O})");
        }
    }

    private static async Task<List<string>> ExportedLinesAsync(AwsClients clients, string env)
    {
        var bucket = LocalProvisioner.Settings(clients.Settings.Region).LogExportBucket!;
        var lines = new List<string>();
        var objects = await clients.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = $"{env}/1/" }, Ct);
        foreach (var o in (objects.S3Objects ?? []).Where(o => o.Key.EndsWith(".gz", StringComparison.Ordinal)))
        {
            using var response = await clients.S3.GetObjectAsync(bucket, o.Key, Ct);
            using var gzip = new GZipStream(response.ResponseStream, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            var text = await reader.ReadToEndAsync(Ct);
            // moto writes "<timestamp> <message>" per event
            lines.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]));
        }
        return [.. lines.Order(StringComparer.Ordinal)];
    }
}
