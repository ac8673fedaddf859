using System.Text.Json.Nodes;
using Provisioner.Core.Steps;
using Provisioner.Functions.Export;
using Provisioner.Functions.Tests.Steps.Integration;

namespace Provisioner.Functions.Tests.Export;

/// <summary>The worker's lease, queue order and retries on its DynamoDB table (LocalCloud's moto), on the fixture's fake clock.</summary>
public sealed class LogExportQueueTests(LocalCloudFixture fixture) : IClassFixture<LocalCloudFixture>, IAsyncLifetime
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly LogExportSettings _settings = new() { TableName = "prov-log-exports-queue", Bucket = "prov-log-exports-queue", Settle = TimeSpan.Zero };
    private Provisioner.Aws.AwsClients _clients = null!;
    private LogExportTable _table = null!;
    private LogExportWorker _worker = null!;

    public async ValueTask InitializeAsync()
    {
        await fixture.Cloud.ResetAsync(_ct);
        // An export task an earlier test left running is over by then (LocalCloud's export tasks take at most five minutes).
        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        _clients = fixture.Cloud.CreateClients();
        _table = new LogExportTable(_clients.DynamoDb, _settings.TableName);
        await _table.EnsureTableAsync(_ct);
        await _clients.S3.PutBucketAsync(_settings.Bucket, _ct);
        _worker = new LogExportWorker(_table, _clients.CloudWatchLogs, _settings, fixture.Time);
    }

    public ValueTask DisposeAsync()
    {
        _clients.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Lease_HolderDies_ASecondAcquirerWaitsUntilItExpires_ThenFinishesTheTaskInFlight()
    {
        await LogGroupAsync("env-a");
        await LogGroupAsync("env-b");
        Assert.True((await _worker.EnqueueAsync(Input("env-a", "holder-1"), _ct)).Acquired);
        var started = await _worker.StartAsync(new HolderInput("holder-1"), _ct);
        Assert.Equal(LogExportWorker.Started, started.State);
        // holder-1 dies here, its task in flight.

        Assert.False((await _worker.EnqueueAsync(Input("env-b", "holder-2"), _ct)).Acquired);
        fixture.Time.Advance(_settings.Lease - TimeSpan.FromSeconds(1));
        Assert.False((await _worker.AcquireAsync(new HolderInput("holder-2"), _ct)).Acquired); // not yet expired
        fixture.Time.Advance(TimeSpan.FromSeconds(2));
        var takeover = await _worker.AcquireAsync(new HolderInput("holder-2"), _ct);

        Assert.True(takeover.Acquired);
        Assert.Equal(started.Task, takeover.Task); // the dead holder's task comes with the slot
        await Assert.ThrowsAsync<StepFailedException>(() => _worker.CheckAsync(new CheckInput("holder-1", started.Task!), _ct)); // LeaseLost
        Assert.Equal(LogExportRunner.Done, await new LogExportRunner(_worker, fixture.Time).RunAsync(Input("env-b", "holder-2"), _ct));
        Assert.Equal([started.Task!.From], (await _table.GetAsync("env-a", _ct))!.History.Select(h => h.From)); // finished once, by holder-2
        Assert.Single((await _table.GetAsync("env-b", _ct))!.History);
        Assert.Empty(await _table.QueuedAsync(_ct));
    }

    [Fact]
    public async Task Lease_Held_ASecondExecutionOnlyQueues_AndTheHolderExportsItToo()
    {
        await LogGroupAsync("env-a");
        await LogGroupAsync("env-b");
        var holder = new LogExportRunner(_worker, fixture.Time);
        Assert.True((await _worker.EnqueueAsync(Input("env-a", "holder-1"), _ct)).Acquired);

        Assert.Equal(LogExportRunner.Queued, await new LogExportRunner(_worker, fixture.Time).RunAsync(Input("env-b", "holder-2"), _ct));
        Assert.Equal(LogExportRunner.Done, await holder.RunAsync(Input("env-a", "holder-1"), _ct));

        Assert.Equal(2, holder.Steps.Count(s => s == ExportStatus.Completed));
        Assert.Null((await _table.LeaseAsync(_ct))); // freed: no holder left on the slot
    }

    [Fact]
    public async Task FinalExport_HolderDiesWithTheSlot_TheFinalWaitsForTheLease_ThenExportsAndDeletesTheGroup()
    {
        await LogGroupAsync("env-a");
        await LogGroupAsync("env-b");
        Assert.True((await _worker.EnqueueAsync(Input("env-a", "holder-1"), _ct)).Acquired);
        Assert.Equal(LogExportWorker.Started, (await _worker.StartAsync(new HolderInput("holder-1"), _ct)).State);
        // holder-1's execution fails outright here; nothing else is scheduled to come.

        var final = new LogExportRunner(_worker, fixture.Time);
        Assert.Equal(LogExportRunner.Done, await final.RunAsync(Input("env-b", "env-b-1-final") with { Final = true }, _ct));

        Assert.True((await _table.GetAsync("env-b", _ct))!.Deleted);
        Assert.Empty((await _clients.CloudWatchLogs.DescribeLogGroupsAsync(new() { LogGroupNamePrefix = Group("env-b") }, _ct)).LogGroups);
        Assert.Single((await _table.GetAsync("env-a", _ct))!.History); // the dead holder's task finished by the final's execution
    }

    [Fact]
    public async Task FinalExport_QueuedWhileTheHoldersScheduledExportIsInFlight_ExportsTheRestAndDeletesTheGroup()
    {
        await LogGroupAsync("env-a");
        var holder = new LogExportRunner(_worker, fixture.Time);
        Assert.True((await _worker.EnqueueAsync(Input("env-a", "holder-1"), _ct)).Acquired);
        var scheduled = await _worker.StartAsync(new HolderInput("holder-1"), _ct);
        Assert.False(scheduled.Task!.Final);
        // The environment is torn down while its scheduled export runs: the final export finds the slot taken.
        var final = new LogExportRunner(_worker, fixture.Time);
        var finalRun = Input("env-a", "env-a-1-final") with { Final = true };
        var finalSlot = await _worker.EnqueueAsync(finalRun, _ct);
        Assert.False(finalSlot.Acquired);

        Assert.Equal(LogExportRunner.Done, await holder.ContinueAsync(Input("env-a", "holder-1"), new AcquireOutput(true, scheduled.Task), _ct));
        Assert.Equal(LogExportRunner.Done, await final.ContinueAsync(finalRun, finalSlot, _ct));

        var row = (await _table.GetAsync("env-a", _ct))!;
        Assert.True(row.Deleted); // the scheduled task's end did not take the final export off the queue
        Assert.Null(row.QueuedAt);
        Assert.Empty((await _clients.CloudWatchLogs.DescribeLogGroupsAsync(new() { LogGroupNamePrefix = Group("env-a") }, _ct)).LogGroups);
    }

    [Fact]
    public async Task NextGeneration_AfterTheOldGroupsFinalExport_ItsScheduledExportsKeepItsNewGroup()
    {
        await LogGroupAsync("env-a");
        Assert.Equal(LogExportRunner.Done, await new LogExportRunner(_worker, fixture.Time).RunAsync(Input("env-a", "env-a-1-final") with { Final = true }, _ct));
        Assert.True((await _table.GetAsync("env-a", _ct))!.Deleted);
        await LogGroupAsync("env-a"); // made again: generation 2
        fixture.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(LogExportRunner.Done, await new LogExportRunner(_worker, fixture.Time).RunAsync(Input("env-a", "holder-2") with { Generation = 2 }, _ct));

        var row = (await _table.GetAsync("env-a", _ct))!;
        Assert.Equal((2, false, false), (row.Generation, row.Final, row.Deleted));
        Assert.Single((await _clients.CloudWatchLogs.DescribeLogGroupsAsync(new() { LogGroupNamePrefix = Group("env-a") }, _ct)).LogGroups); // exported, not deleted
        Assert.Equal("env-a/2", row.History[^1].DestinationPrefix);
        await _table.EnqueueAsync("env-a", 1, Group("env-a"), false, 1, _ct); // an older generation's late request changes nothing of 2's
        Assert.Equal((2, false), ((await _table.GetAsync("env-a", _ct))!.Generation, (await _table.GetAsync("env-a", _ct))!.Final));
    }

    [Fact]
    public async Task Queue_FirstQueuedFirst_ARequeueKeepsItsPlace_TiesByEnvironmentId()
    {
        await _table.EnqueueAsync("env-c", 1, "/g/c", false, 100, _ct);
        await _table.EnqueueAsync("env-b", 1, "/g/b", false, 200, _ct);
        await _table.EnqueueAsync("env-a", 1, "/g/a", false, 200, _ct);
        await _table.EnqueueAsync("env-c", 1, "/g/c", true, 300, _ct); // queued again (its teardown): keeps its place, becomes final

        var queued = await _table.QueuedAsync(_ct);

        Assert.Equal(["env-c", "env-a", "env-b"], queued.Select(q => q.EnvironmentId));
        Assert.Equal(100, queued[0].QueuedAt);
        Assert.True(queued[0].Final);
        await _table.EnqueueAsync("env-c", 1, "/g/c", false, 400, _ct);
        Assert.True((await _table.GetAsync("env-c", _ct))!.Final); // final stays set
    }

    [Theory]
    [InlineData(ExportStatus.Failed)]
    [InlineData(ExportStatus.Cancelled)]
    public async Task Finish_FailedOrCancelled_KeepsTheCheckpoint_QueuesAtTheBack_AndTheRetryStartsFromIt(string status)
    {
        await LogGroupAsync("env-a");
        await _table.EnqueueAsync("env-a", 1, Group("env-a"), false, 1, _ct);
        Assert.True(await _table.FinishAsync(new ActiveExport("t1", "env-a", Group("env-a"), 0, 1000, "env-a/1", false), ExportStatus.Completed, false, 2, 10, _ct));
        await _table.EnqueueAsync("env-a", 1, Group("env-a"), false, 3, _ct);
        await _table.EnqueueAsync("env-b", 1, Group("env-b"), false, 4, _ct);

        Assert.True(await _table.FinishAsync(new ActiveExport("t2", "env-a", Group("env-a"), 1001, 2000, "env-a/1", false), status, false, 5, 10, _ct));

        var row = (await _table.GetAsync("env-a", _ct))!;
        Assert.Equal(1000, row.Checkpoint);
        Assert.Equal([ExportStatus.Completed, status], row.History.Select(h => h.Status));
        Assert.Equal(["env-b", "env-a"], (await _table.QueuedAsync(_ct)).Select(q => q.EnvironmentId)); // retried after the others
        await _table.DequeueAsync("env-b", deleted: false, _ct);
        Assert.True((await _worker.AcquireAsync(new HolderInput("h"), _ct)).Acquired);
        var retry = await _worker.StartAsync(new HolderInput("h"), _ct);
        Assert.Equal((LogExportWorker.Started, 1001L), (retry.State, retry.Task!.From)); // from the checkpoint, not from the failed range's end
        var done = retry.Task with { To = 2500 };
        Assert.True(await _table.FinishAsync(done, ExportStatus.Completed, false, 7, 10, _ct));
        Assert.False(await _table.FinishAsync(done, ExportStatus.Completed, false, 8, 10, _ct)); // a repeated finish never advances it twice
        Assert.Equal(2500, (await _table.GetAsync("env-a", _ct))!.Checkpoint);
    }

    private static string Group(string env) => $"/provisioner/{env}/app";

    private static EnqueueInput Input(string env, string holder) => new(env, 1, Group(env), false, holder);

    private async Task LogGroupAsync(string env)
    {
        await _clients.CloudWatchLogs.CreateLogGroupAsync(Group(env), cancellationToken: _ct);
        await fixture.Cloud.Backchannel.JsonAsync("logs", "CreateLogStream", new JsonObject { ["logGroupName"] = Group(env), ["logStreamName"] = "i-1" }, _ct);
        await fixture.Cloud.Backchannel.JsonAsync("logs", "PutLogEvents", new JsonObject
        {
            ["logGroupName"] = Group(env), ["logStreamName"] = "i-1",
            ["logEvents"] = new JsonArray(new JsonObject { ["timestamp"] = fixture.Time.GetUtcNow().ToUnixTimeMilliseconds() - 1, ["message"] = env }),
        }, _ct);
    }
}
