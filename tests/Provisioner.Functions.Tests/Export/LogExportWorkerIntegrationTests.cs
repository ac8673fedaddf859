using System.IO.Compression;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Provisioner.Functions.Export;
using Provisioner.Functions.Tests.Steps.Integration;

namespace Provisioner.Functions.Tests.Export;

/// <summary>The worker on LocalCloud (moto + its one-active-export-task rule): three environments, several cycles.</summary>
public sealed class LogExportWorkerIntegrationTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private static readonly string[] Environments = ["env-a", "env-b", "env-c"];

    [Fact]
    public async Task ThreeEnvironments_SeveralCycles_EachLineExportedExactlyOnce_OneTaskAtATime()
    {
        await fixture.Cloud.ResetAsync(_ct);
        using var clients = fixture.Cloud.CreateClients();
        var settings = new LogExportSettings { TableName = "prov-log-exports-it", Bucket = "prov-log-exports-it", Settle = TimeSpan.Zero };
        var table = new LogExportTable(clients.DynamoDb, settings.TableName);
        await table.EnsureTableAsync(_ct);
        await clients.S3.PutBucketAsync(settings.Bucket, _ct);
        var worker = new LogExportWorker(table, clients.CloudWatchLogs, settings, fixture.Time);
        foreach (var env in Environments)
        {
            await clients.CloudWatchLogs.CreateLogGroupAsync(Group(env), cancellationToken: _ct);
            await fixture.Cloud.Backchannel.JsonAsync("logs", "CreateLogStream", new JsonObject { ["logGroupName"] = Group(env), ["logStreamName"] = "i-1" }, _ct);
        }

        var written = Environments.ToDictionary(e => e, _ => new List<string>());
        var executions = 0;
        for (var cycle = 0; cycle < 3; cycle++)
        {
            foreach (var env in Environments)
            {
                var line = $"{env} cycle {cycle}";
                await fixture.Cloud.Backchannel.JsonAsync("logs", "PutLogEvents", new JsonObject
                {
                    ["logGroupName"] = Group(env), ["logStreamName"] = "i-1",
                    ["logEvents"] = new JsonArray(new JsonObject { ["timestamp"] = fixture.Time.GetUtcNow().ToUnixTimeMilliseconds(), ["message"] = line }),
                }, _ct);
                written[env].Add(line);
            }
            fixture.Time.Advance(TimeSpan.FromSeconds(1));
            // The schedules fire together: the first execution takes the slot, the others only queue.
            var runners = Environments.Select(_ => new LogExportRunner(worker, fixture.Time)).ToList();
            var inputs = Environments.Select(e => new EnqueueInput(e, 1, Group(e), false, $"x{++executions}")).ToList();
            Assert.True((await worker.EnqueueAsync(inputs[0], _ct)).Acquired);
            foreach (var input in inputs.Skip(1))
            {
                Assert.False((await worker.EnqueueAsync(input, _ct)).Acquired);
            }
            Assert.Equal(LogExportRunner.Done, await runners[0].RunAsync(inputs[0], _ct));
            Assert.Equal(3, runners[0].Steps.Count(s => s == ExportStatus.Completed));
            Assert.DoesNotContain(LogExportWorker.Busy, runners[0].Steps); // never a second task while one is active
            fixture.Time.Advance(TimeSpan.FromHours(1));
        }

        foreach (var env in Environments)
        {
            var row = await table.GetAsync(env, _ct);
            Assert.NotNull(row);
            Assert.Null(row.QueuedAt);
            Assert.Equal(3, row.History.Count);
            for (var i = 1; i < row.History.Count; i++)
            {
                Assert.Equal(row.History[i - 1].To + 1, row.History[i].From); // no gap, no overlap
            }
            Assert.Equal(row.History[^1].To, row.Checkpoint);
            Assert.Equal(written[env].Order(StringComparer.Ordinal), await ExportedLinesAsync(clients, settings.Bucket, $"{env}/1/"));
        }
    }

    [Fact]
    public async Task History_ShowsOnlyTheAskedGenerationsExports_OldestFirst()
    {
        await fixture.Cloud.ResetAsync(_ct);
        using var clients = fixture.Cloud.CreateClients();
        var table = new LogExportTable(clients.DynamoDb, "prov-log-exports-history");
        await table.EnsureTableAsync(_ct);
        var group = Group("env-h");
        await table.EnqueueAsync("env-h", 1, group, false, 1, _ct);
        Assert.True(await table.FinishAsync(new ActiveExport("t1", "env-h", group, 0, 100, "env-h/1", false), ExportStatus.Completed, false, 2, 10, _ct));
        await table.EnqueueAsync("env-h", 2, group, false, 3, _ct);
        Assert.True(await table.FinishAsync(new ActiveExport("t2", "env-h", group, 101, 200, "env-h/2", false), ExportStatus.Failed, false, 4, 10, _ct));
        Assert.True(await table.FinishAsync(new ActiveExport("t3", "env-h", group, 101, 300, "env-h/2", false), ExportStatus.Completed, false, 5, 10, _ct));

        var history = new LogExportHistory(table);

        Assert.Equal([new ExportRecord(0, 100, ExportStatus.Completed, "env-h/1")], await history.RecentAsync("env-h", 1, _ct));
        Assert.Equal([new ExportRecord(101, 200, ExportStatus.Failed, "env-h/2"), new ExportRecord(101, 300, ExportStatus.Completed, "env-h/2")],
            await history.RecentAsync("env-h", 2, _ct)); // the failed range retried from the same checkpoint
        Assert.Empty(await history.RecentAsync("env-x", 1, _ct));
    }

    private static string Group(string env) => $"/provisioner/{env}/app";

    private async Task<List<string>> ExportedLinesAsync(Provisioner.Aws.AwsClients clients, string bucket, string prefix)
    {
        var lines = new List<string>();
        var objects = await clients.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix }, _ct);
        foreach (var o in (objects.S3Objects ?? []).Where(o => o.Key.EndsWith(".gz", StringComparison.Ordinal)))
        {
            using var response = await clients.S3.GetObjectAsync(bucket, o.Key, _ct);
            using var gzip = new GZipStream(response.ResponseStream, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip);
            var text = await reader.ReadToEndAsync(_ct);
            // moto writes "<timestamp> <message>" per event
            lines.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[(l.IndexOf(' ', StringComparison.Ordinal) + 1)..]));
        }
        return [.. lines.Order(StringComparer.Ordinal)];
    }
}
