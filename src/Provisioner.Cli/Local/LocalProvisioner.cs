using Microsoft.Extensions.Time.Testing;
using Provisioner.Aws;
using Provisioner.Functions;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Steps;
using Provisioner.LocalCloud.Time;

namespace Provisioner.Cli.Local;

/// <summary>How to run Provisioner locally.</summary>
/// <param name="TimeScale">Simulated seconds per real second; ignored with <paramref name="VirtualTime"/>.</param>
/// <param name="VirtualTime">A clock that jumps over every wait: runs take only the machine's time.</param>
/// <param name="WrapHandlers">Decorates the step handlers (fault injection, timing) before the workflows get them.</param>
public sealed record LocalProvisionerOptions(
    double TimeScale = 60,
    bool VirtualTime = false,
    int Seed = 1,
    Func<IEnumerable<IFunctionHandler>, TimeProvider, IEnumerable<IFunctionHandler>>? WrapHandlers = null);

/// <summary>
/// Provisioner on this machine: LocalCloud (moto + realism, seeded with the lab), the AWS clients on its
/// pipeline, the step handlers, and the provision/teardown workflows on the local engine, all on one clock.
/// </summary>
public sealed class LocalProvisioner : IAsyncDisposable
{
    private readonly AwsClients _clients;

    private LocalProvisioner(LocalCloud.LocalCloud cloud, AwsClients clients, LocalWorkflows workflows, TimeProvider clock)
    {
        Cloud = cloud;
        _clients = clients;
        Workflows = workflows;
        Clock = clock;
    }

    public LocalCloud.LocalCloud Cloud { get; }

    public LocalWorkflows Workflows { get; }

    public TimeProvider Clock { get; }

    /// <summary>The settings a deployment would give the functions, pointing at names that exist locally.</summary>
    public static StepSettings Settings(string region) => new()
    {
        InstanceProfileName = "provisioner-instances",
        LogExportStateMachineArn = $"arn:aws:states:{region}:{LocalWorkflows.Account}:stateMachine:provisioner-log-export",
        SchedulerRoleArn = $"arn:aws:iam::{LocalWorkflows.Account}:role/provisioner-scheduler",
        LogExportBucket = "provisioner-log-exports",
    };

    public static async Task<LocalProvisioner> StartAsync(LocalProvisionerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        // One clock for the workflows, the steps and LocalCloud's lifecycles. A scaled clock adds ~1 s of
        // simulated time per API call, as AWS takes; on the virtual clock calls take no simulated time.
        TimeProvider clock = options.VirtualTime ? new FakeTimeProvider(DateTimeOffset.UtcNow) : new ScaledTimeProvider(options.TimeScale);
        var cloud = await LocalCloud.LocalCloud.StartAsync(
            new LocalCloud.LocalCloudOptions { Time = clock, Seed = options.Seed, CallLatency = !options.VirtualTime },
            cancellationToken).ConfigureAwait(false);
        // On the virtual clock the clients' retry back-off waits in real time: a task in flight holds that clock still.
        var clients = new AwsClients(options.VirtualTime ? cloud.AwsSettings with { TimeProvider = TimeProvider.System } : cloud.AwsSettings);
        var handlers = StepCatalog.Handlers(FunctionCatalog.Dependencies(clients, Settings(cloud.Options.Region), clock));
        if (options.WrapHandlers is { } wrap)
        {
            handlers = wrap(handlers, clock);
        }
        return new LocalProvisioner(cloud, clients, new LocalWorkflows(handlers, clock, cloud.Options.Region), clock);
    }

    public async ValueTask DisposeAsync()
    {
        _clients.Dispose();
        await Cloud.DisposeAsync().ConfigureAwait(false);
    }
}
