using Provisioner.Aws;
using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Provisioner.Functions;
using Provisioner.Functions.Export;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Steps;
using Provisioner.StateMachine.Timing;

namespace Provisioner.Cli.Local;

/// <summary>How to run Provisioner locally.</summary>
/// <param name="TimeScale">Simulated seconds per real second; ignored with <paramref name="VirtualTime"/>.</param>
/// <param name="VirtualTime">A clock that jumps over every wait: runs take only the machine's time.</param>
/// <param name="DatabasePath">The engine's SQLite file (durable, resumable); null keeps executions in memory.</param>
/// <param name="Start">The simulated instant the clock starts at (a restarted <c>up</c> resumes its own); null: now.</param>
/// <param name="Paused">The clock stays paused after the start (the caller unpauses it when its work starts): a
/// run's timeline then never includes setup or idle moments, whatever the machine's speed.</param>
/// <param name="StatusChanged">Called on every execution's start and end (the registry follows them).</param>
/// <param name="WrapHandlers">Decorates the step handlers (fault injection, timing) before the workflows get them.</param>
/// <param name="CloudStatePath">LocalCloud's own memory (lifecycle clocks, client tokens...) in the data folder, for an emulator that outlives this process; null: memory only.</param>
public sealed record LocalProvisionerOptions(
    double TimeScale = 60,
    bool VirtualTime = false,
    int Seed = 1,
    Func<IEnumerable<IFunctionHandler>, TimeProvider, IEnumerable<IFunctionHandler>>? WrapHandlers = null,
    string? DatabasePath = null,
    bool Paused = false,
    DateTimeOffset? Start = null,
    Func<Provisioner.StateMachine.Storage.ExecutionRecord, CancellationToken, Task>? StatusChanged = null,
    string? CloudStatePath = null);

/// <summary>
/// Provisioner on this machine: LocalCloud (moto + realism, seeded with the lab), the AWS clients on its
/// pipeline, the step handlers, and the provision, teardown and log-export workflows on the local engine, all on
/// one clock. What a deployment's template makes before any workflow runs is made here too: the schedule group,
/// the export bucket and the log-export worker's table.
/// </summary>
public sealed class LocalProvisioner : IAsyncDisposable
{
    private readonly AwsClients _clients;

    private LocalProvisioner(LocalCloud.LocalCloud cloud, AwsClients clients, LocalWorkflows workflows, VirtualClock clock)
    {
        Cloud = cloud;
        _clients = clients;
        Workflows = workflows;
        Clock = clock;
    }

    public LocalCloud.LocalCloud Cloud { get; }

    public LocalWorkflows Workflows { get; }

    /// <summary>The AWS clients on LocalCloud's pipeline (the registry's DynamoDB among them).</summary>
    public AwsClients Clients => _clients;

    /// <summary>The one clock of the engine, the steps and LocalCloud.</summary>
    public VirtualClock Clock { get; }

    /// <summary>The settings a deployment would give the functions, pointing at names that exist locally.</summary>
    public static StepSettings Settings(string region) => new()
    {
        InstanceProfileName = "provisioner-instances",
        LogExportStateMachineArn = $"arn:aws:states:{region}:{LocalWorkflows.Account}:stateMachine:provisioner-log-export",
        SchedulerRoleArn = $"arn:aws:iam::{LocalWorkflows.Account}:role/provisioner-scheduler",
        LogExportBucket = "provisioner-log-exports",
        ScheduleGroupName = "provisioner-schedules",
    };

    /// <summary>The log-export worker's settings (the template's LogExportTable and LogExportBucket), pointing at what <see cref="StartAsync"/> makes.</summary>
    public static LogExportSettings LogExport(string region) => new()
    {
        TableName = "provisioner-log-exports",
        Bucket = Settings(region).LogExportBucket!,
    };

    public static async Task<LocalProvisioner> StartAsync(LocalProvisionerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        // One clock for the workflows, the steps and LocalCloud's lifecycles: the engine's virtual clock. It stands
        // still while a handler runs (moto's real latency never shows) and each API call waits its latency from
        // the model instead; on --virtual-time it jumps over every wait, otherwise it paces them at the scale.
        var clock = new VirtualClock(TruncateToMilliseconds(options.Start ?? DateTimeOffset.UtcNow), options.VirtualTime ? double.PositiveInfinity : options.TimeScale)
        {
            // Starting moto and seeding it takes real time that is no part of any simulated run.
            Paused = true,
        };
        try
        {
            var cloud = await LocalCloud.LocalCloud.StartAsync(
                new LocalCloud.LocalCloudOptions { Time = clock, WaitTime = clock.Waits, Seed = options.Seed, CallLatency = true, StatePath = options.CloudStatePath },
                cancellationToken).ConfigureAwait(false);
            // Retry back-offs are waits of the calling task; the per-attempt timeout watches beside the call.
            var clients = new AwsClients(cloud.AwsSettings with { TimeProvider = clock.Waits, AttemptTimeProvider = clock });
            var region = cloud.Options.Region;
            var settings = Settings(region);
            var handlers = StepCatalog.Handlers(FunctionCatalog.Dependencies(clients, settings, clock));
            if (options.WrapHandlers is { } wrap)
            {
                handlers = wrap(handlers, clock);
            }
            var exports = LogExport(region);
            var exportTable = new LogExportTable(clients.DynamoDb, exports.TableName);
            // Made as the deployment makes them, before any run: straight to moto, off the (paused) simulated clock.
            using (var setup = new AwsClients(AwsSettings.ForLocalEndpoint(cloud.Endpoint, region)))
            {
                await DeploymentResourcesAsync(cloud, setup, new LogExportTable(setup.DynamoDb, exports.TableName), settings, cancellationToken).ConfigureAwait(false);
            }
            // The worker's functions in process beside the steps (not wrapped: fault injection and the demo's timeline are the steps').
            handlers = [.. handlers, .. LogExportFunctions.Handlers(new LogExportWorker(exportTable, clients.CloudWatchLogs, exports, clock))];
            var workflows = await LocalWorkflows.StartAsync(handlers, clock, cloud.Options.Region, options.DatabasePath, options.StatusChanged,
                settings.FunctionTimeout).ConfigureAwait(false);
            clock.Paused = options.Paused;
            return new LocalProvisioner(cloud, clients, workflows, clock);
        }
        catch
        {
            clock.Dispose();
            throw;
        }
    }

    /// <summary>The schedule group, the export bucket and the worker's table, as SAM creates them; each is kept when it exists (a restarted <c>up</c>).</summary>
    private static async Task DeploymentResourcesAsync(LocalCloud.LocalCloud cloud, AwsClients clients, LogExportTable exportTable, StepSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            await cloud.Backchannel.RestJsonAsync("scheduler", HttpMethod.Post, "/schedule-groups/" + settings.ScheduleGroupName, new JsonObject(), cancellationToken).ConfigureAwait(false);
        }
        catch (LocalCloud.Wire.BackchannelException ex) when (ex.ErrorCode == "ConflictException")
        {
            // Already there.
        }
        try
        {
            await clients.S3.PutBucketAsync(new PutBucketRequest { BucketName = settings.LogExportBucket }, cancellationToken).ConfigureAwait(false);
        }
        catch (Amazon.S3.AmazonS3Exception ex) when (ex.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Already there.
        }
        await exportTable.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    public async ValueTask DisposeAsync()
    {
        await Workflows.DisposeAsync().ConfigureAwait(false);
        _clients.Dispose();
        await Cloud.DisposeAsync().ConfigureAwait(false);
        Clock.Dispose();
    }
}
