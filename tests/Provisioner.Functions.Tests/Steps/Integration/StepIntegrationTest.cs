using Provisioner.Aws;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Functions.Export;
using Provisioner.Functions.Steps;
using Provisioner.Functions.Tests.Export;
using Provisioner.LocalCloud.Faults;
using Provisioner.LocalCloud.Inspection;

namespace Provisioner.Functions.Tests.Steps.Integration;

/// <summary>
/// Base of the per-step integration tests: a reset, freshly seeded cloud before each test, the real AWS
/// clients over it (retries without delays, so nothing waits on the clock), the steps' dependencies, a
/// spec in the seeded network, and inspection of what exists for the environment.
/// </summary>
public abstract class StepIntegrationTest(LocalCloudFixture fixture) : IAsyncLifetime
{
    private AwsClients? _clients;
    private AwsClients? _singleAttemptClients;

    protected CancellationToken Ct { get; } = TestContext.Current.CancellationToken;

    protected LocalCloudFixture Fixture { get; } = fixture;

    protected Provisioner.LocalCloud.LocalCloud Cloud => Fixture.Cloud;

    /// <summary>Clients that retry throttling/5xx/transport failures (3 attempts, no delay).</summary>
    protected StepDependencies Deps { get; private set; } = null!;

    /// <summary>Clients that make one attempt: a lost response reaches the step as a failure, as after exhausted retries.</summary>
    protected StepDependencies SingleAttempt { get; private set; } = null!;

    protected EnvironmentSpec Spec { get; private set; } = null!;

    protected ResourceNames Names { get; } = ResourceNames.For(TestSpecs.EnvironmentId);

    public async ValueTask InitializeAsync()
    {
        await Cloud.ResetAsync(Ct);
        var seed = Cloud.Seed!;
        Spec = TestSpecs.Spec(seed.VpcId, seed.SubnetIds.Take(2).ToList(), seed.InstanceId);
        _clients = new AwsClients(Settings(3));
        _singleAttemptClients = new AwsClients(Settings(1));
        Deps = Dependencies(_clients);
        SingleAttempt = Dependencies(_singleAttemptClients);
        // The deployment's schedule group, as SAM makes it (a schedule in a group that does not exist is ResourceNotFound).
        await Cloud.Backchannel.RestJsonAsync("scheduler", HttpMethod.Post, "/schedule-groups/" + TestSpecs.Settings.ScheduleGroupName, new System.Text.Json.Nodes.JsonObject(), Ct);
    }

    /// <summary>
    /// What the teardown does with ScheduleLogExport.Undo's hand-over: one log-export execution (the worker's
    /// functions, its waits on the fake clock) exports the log group's tail to the export bucket and deletes the group.
    /// </summary>
    protected async Task HandOverAsync(UndoResult result)
    {
        if (result.HandOver is not { } handOver)
        {
            return;
        }
        var settings = new LogExportSettings { TableName = "prov-log-exports", Bucket = TestSpecs.Settings.LogExportBucket!, Settle = TimeSpan.Zero };
        var table = new LogExportTable(_clients!.DynamoDb, settings.TableName);
        await table.EnsureTableAsync(Ct);
        try
        {
            await _clients.S3.PutBucketAsync(settings.Bucket, Ct);
        }
        catch (Amazon.S3.AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Made by an earlier hand-over of this test.
        }
        var worker = new LogExportWorker(table, Deps.CloudWatchLogs, settings, Fixture.Time);
        var input = new EnqueueInput(handOver.EnvironmentId, handOver.Generation, handOver.LogGroupName, handOver.Final, $"{handOver.EnvironmentId}-{handOver.Generation}-final");
        Assert.Equal(LogExportRunner.Done, await new LogExportRunner(worker, Fixture.Time).RunAsync(input, Ct));
    }

    public ValueTask DisposeAsync()
    {
        _clients?.Dispose();
        _singleAttemptClients?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Everything that exists for the test environment, read straight from the emulator.</summary>
    protected Task<IReadOnlyList<InspectedResource>> InspectAsync() => Cloud.Inspection.ListAsync(TestSpecs.EnvironmentId, Ct);

    /// <summary>What one step made, by its step tag (listeners report their load balancer's tags, so they are left out).</summary>
    protected async Task<IReadOnlyList<InspectedResource>> MadeByAsync(string step) =>
        [.. (await InspectAsync()).Where(r => r.Type != InspectedTypes.Listener && r.Tags.GetValueOrDefault(ResourceTags.StepKey) == step)];

    protected async Task<IReadOnlyList<string>> TypesMadeByAsync(string step) =>
        [.. (await MadeByAsync(step)).Select(r => r.Type).Order(StringComparer.Ordinal)];

    /// <summary>Every resource carries the full tag set.</summary>
    protected static void AssertTagged(IEnumerable<InspectedResource> resources, string step) =>
        Assert.All(resources, r =>
        {
            Assert.Equal(TestSpecs.EnvironmentId, r.Tags[ResourceTags.EnvironmentKey]);
            Assert.Equal("true", r.Tags[ResourceTags.ManagedKey]);
            Assert.Equal(step, r.Tags[ResourceTags.StepKey]);
        });

    /// <summary>Makes the next call of the action take effect while its caller sees a failure.</summary>
    protected Fault LoseResponse(string service, string action) =>
        Cloud.Faults.Add(new Fault(service, action, FaultKind.LostResponse));

    /// <summary>Calls Undo as the state machine does: again after each WAITING's suggested wait, until DONE.</summary>
    protected async Task<int> UndoUntilDoneAsync(Func<Task<UndoResult>> undo, int maxCalls = 30)
    {
        for (var call = 1; call <= maxCalls; call++)
        {
            var result = await undo();
            if (result.Status == UndoStatus.Done)
            {
                return call;
            }
            Fixture.Time.Advance(TimeSpan.FromSeconds(result.WaitSeconds));
        }
        throw new Xunit.Sdk.XunitException($"Undo still WAITING after {maxCalls} calls.");
    }

    /// <summary>Polls a check as the state machine does, advancing the clock by each suggested wait, until READY.</summary>
    protected async Task<int> CheckUntilReadyAsync(Func<Task<CheckResult>> check, int maxCalls = 30)
    {
        for (var call = 1; call <= maxCalls; call++)
        {
            var result = await check();
            if (result.Status == CheckStatus.Ready)
            {
                return call;
            }
            Fixture.Time.Advance(TimeSpan.FromSeconds(result.WaitSeconds));
        }
        throw new Xunit.Sdk.XunitException($"Check still WAITING after {maxCalls} calls.");
    }

    private AwsSettings Settings(int attempts) => Cloud.AwsSettings with
    {
        Retry = new AwsRetryOptions { MaxAttempts = attempts, BaseDelay = TimeSpan.Zero, ThrottlingBaseDelay = TimeSpan.Zero },
    };

    private StepDependencies Dependencies(AwsClients clients) => FunctionCatalog.Dependencies(clients, TestSpecs.Settings, Fixture.Time);
}
