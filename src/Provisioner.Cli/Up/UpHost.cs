using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Provisioner.Aws;
using Provisioner.Cli.Local;
using Provisioner.Functions.Api;
using Provisioner.Functions.Api.Http;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Api.Status;
using Provisioner.Functions.Api.Workflows;
using Provisioner.Functions.Schedules;
using Provisioner.Functions.Steps;
using Provisioner.LocalCloud.Scheduling;
using Provisioner.LocalCloud.Wire;
using Provisioner.StateMachine.Api;
using Provisioner.StateMachine.Timing;

namespace Provisioner.Cli.Up;

/// <summary>
/// <c>provisioner up</c>: the whole service on 127.0.0.1. LocalCloud (moto + realism, seeded with the lab),
/// the registry table on its DynamoDB, the durable engine (SQLite in the data folder) with both state machines
/// and its Step Functions API, and the Provisioner API (the same handlers the Lambda function runs) behind JWT
/// validation, all on one virtual clock. Execution outcomes reach the registry through the engine's status
/// callback, as Step Functions' status-change events do on AWS.
/// </summary>
public sealed class UpHost : IAsyncDisposable
{
    public const string TableName = "provisioner-environments";

    private readonly LocalProvisioner _local;
    private readonly StepFunctionsApiHost _stepFunctions;
    private readonly AwsClients _stepFunctionsClients;
    private readonly DynamoDbEnvironmentRegistry _registry;
    private readonly WebApplication _web;
    private readonly CancellationTokenSource _stopScheduler = new();
    private Task _schedulerRun = Task.CompletedTask;
    private Task _clockSaving = Task.CompletedTask;
    private AwsClients? _officeHoursClients;
    private AwsClients? _registryClients;

    private UpHost(LocalProvisioner local, StepFunctionsApiHost stepFunctions, AwsClients stepFunctionsClients,
        DynamoDbEnvironmentRegistry registry, WebApplication web, UpInfo info, LocalScheduler scheduler, IReadOnlyDictionary<string, ScheduleTargetHandler> scheduleFunctions)
    {
        Scheduler = scheduler;
        ScheduleFunctions = scheduleFunctions;
        _local = local;
        _stepFunctions = stepFunctions;
        _stepFunctionsClients = stepFunctionsClients;
        _registry = registry;
        _web = web;
        Info = info;
    }

    /// <summary>What the ready line says: the endpoints, the local users' tokens and the data folder.</summary>
    public UpInfo Info { get; }

    public LocalProvisioner Local => _local;

    /// <summary>Runs the schedules moto stores, on the one clock (from start to dispose).</summary>
    public LocalScheduler Scheduler { get; }

    /// <summary>The Lambda functions schedules target, by name (<see cref="UpScheduleFunctions"/>).</summary>
    public IReadOnlyDictionary<string, ScheduleTargetHandler> ScheduleFunctions { get; }

    /// <summary>Where a running <c>up</c> leaves its ready line for the CLI: <c>~/.provisioner/up.json</c> (or <c>PROVISIONER_UP_FILE</c>).</summary>
    public static string PointerFile =>
        Environment.GetEnvironmentVariable("PROVISIONER_UP_FILE") is { Length: > 0 } file
            ? file
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".provisioner", "up.json");

    public static async Task<UpHost> StartAsync(UpOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var dataDir = Path.GetFullPath(options.DataDir ?? Directory.CreateTempSubdirectory("provisioner-up-").FullName);
        Directory.CreateDirectory(dataDir);
        ExecutionStatusChanged? status = null;
        var local = await LocalProvisioner.StartAsync(new LocalProvisionerOptions(
            options.TimeScale, options.VirtualTime, options.Seed,
            DatabasePath: Path.Combine(dataDir, "engine.db"),
            Start: UpRestart.SavedClock(dataDir),
            CloudStatePath: Path.Combine(dataDir, UpRestart.CloudStateFile),
            StatusChanged: async (execution, ct) =>
            {
                if (status is { } registryUpdate)
                {
                    await registryUpdate.ApplyAsync(new ExecutionStatusChange(execution.Arn, execution.Status, execution.Error, execution.Cause, execution.Output), ct).ConfigureAwait(false);
                }
            }), cancellationToken).ConfigureAwait(false);
        try
        {
            // AWS's service quotas, raised as an operator would (--quota-factor).
            local.Cloud.Realism.Quotas = new Provisioner.LocalCloud.Realism.ServiceQuotas().Raised(options.QuotaFactor);
            var seed = local.Cloud.Seed!;
            await log.WriteLineAsync($"[up] LocalCloud {local.Cloud.Endpoint}: the lab's app server {seed.InstanceId} in {seed.VpcId}").ConfigureAwait(false);
            var stepFunctions = await StepFunctionsApiHost.StartAsync(local.Workflows.Engine, 0, cancellationToken).ConfigureAwait(false);
            var stepFunctionsClients = new AwsClients(AwsSettings.ForLocalEndpoint(stepFunctions.Endpoint, local.Cloud.Options.Region));
            // moto's DynamoDB transactions are not thread-safe: the registry serializes its writes on it. Its table is
            // reached straight on moto (DynamoDB answers in milliseconds; no simulated latency): a write waiting for the
            // lock holds the virtual clock, so a write holding the lock while it waited for simulated latency on that clock
            // would never get it (a deadlock the crash-resume bench hit with 24 environments at once).
            var registryClients = new AwsClients(AwsSettings.ForLocalEndpoint(local.Cloud.Endpoint, local.Cloud.Options.Region));
            var registry = new DynamoDbEnvironmentRegistry(registryClients.DynamoDb, TableName, serializeWrites: true);
            await registry.EnsureTableAsync(cancellationToken).ConfigureAwait(false);
            var apiOptions = new ApiOptions { DefaultVpcId = seed.VpcId, DefaultSubnetIds = seed.SubnetIds };
            if (options.OwnerQuota is { } ownerQuota)
            {
                apiOptions = apiOptions with { Quotas = apiOptions.Quotas with { ActiveEnvironments = ownerQuota } };
            }
            // Office hours (issue 12): the status handler arms and removes the schedules, the API's /sleep and /wake and the schedule functions share the transitions.
            // Their AWS calls also run from API requests, outside the simulation: attempt timeouts on real time, so the
            // clock jumping on meanwhile cannot cut a call short (latency and back-offs stay on the clock).
            var stepSettings = LocalProvisioner.Settings(local.Cloud.Options.Region);
            var officeHours = UpScheduleFunctions.OfficeHoursTargets(stepSettings, local.Cloud.Options.Region);
            var officeHoursClients = new AwsClients(local.Cloud.AwsSettings with { TimeProvider = local.Clock.Waits, AttemptTimeProvider = TimeProvider.System });
            status = new ExecutionStatusChanged(registry, apiOptions, local.Clock, new Provisioner.Functions.Schedules.OfficeHoursSchedules(officeHoursClients.Scheduler, officeHours));
            var workflows = new StepFunctionsWorkflows(stepFunctionsClients.StepFunctions, local.Workflows.ProvisionArn, local.Workflows.TeardownArn);
            // The schedule group is there already: LocalProvisioner makes the deployment's resources as SAM would.
            var schedules = new EnvironmentSchedules(local.Clients.Scheduler, UpScheduleFunctions.Targets(stepSettings, local.Cloud.Options.Region));
            var api = new ProvisionerApi(registry, workflows, apiOptions, local.Clock, schedules: schedules,
                logExports: new Provisioner.Functions.Export.LogExportHistory(new Provisioner.Functions.Export.LogExportTable(local.Clients.DynamoDb, LocalProvisioner.LogExport(local.Cloud.Options.Region).TableName)))
            {
                OfficeHours = Provisioner.Functions.Schedules.OfficeHoursFunctions.Create(registry, officeHoursClients, stepSettings, officeHours, apiOptions, local.Clock),
            };
            // A restart: the executions that ended while no status handler listened (killed in between) reach the registry first.
            var caughtUp = await UpRestart.CatchUpStatusAsync(registry, local.Workflows.Engine, status, cancellationToken).ConfigureAwait(false);
            if (caughtUp.Count > 0)
            {
                await log.WriteLineAsync($"[up] caught up: the end of {string.Join(", ", caughtUp)}").ConfigureAwait(false);
            }
            var started = await api.Commands.ReconcileAsync(cancellationToken).ConfigureAwait(false);
            if (started.Count > 0)
            {
                await log.WriteLineAsync($"[up] reconciled: started {string.Join(", ", started)}").ConfigureAwait(false);
            }

            var users = LocalUsers.Open(dataDir);
            var tokens = users.Tokens(apiOptions.AdminGroup, TimeSpan.FromHours(12));
            var web = await StartWebAsync(api, local.Clock, users, tokens, options.Port, cancellationToken).ConfigureAwait(false);
            var info = new UpInfo(Address(web), stepFunctions.Endpoint.ToString().TrimEnd('/'), local.Cloud.Endpoint.ToString().TrimEnd('/'), tokens, dataDir);
            var scheduler = await StartSchedulerAsync(local, stepFunctionsClients, api, dataDir, options.Seed, log, cancellationToken).ConfigureAwait(false);
            var host = new UpHost(local, stepFunctions, stepFunctionsClients, registry, web, info, scheduler.Scheduler, scheduler.Functions);
            host._schedulerRun = Task.Run(() => host.Scheduler.RunAsync(host._stopScheduler.Token), CancellationToken.None);
            host._clockSaving = Task.Run(() => UpRestart.KeepClockAsync(dataDir, local.Clock, host._stopScheduler.Token), CancellationToken.None);
            host._officeHoursClients = officeHoursClients;
            host._registryClients = registryClients;
            var line = info.ToJson();
            await File.WriteAllTextAsync(Path.Combine(dataDir, "up.json"), line + "\n", cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(Path.GetDirectoryName(PointerFile)!);
            await File.WriteAllTextAsync(PointerFile, line + "\n", cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await local.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopScheduler.CancelAsync().ConfigureAwait(false);
        await _schedulerRun.ConfigureAwait(false);
        await _clockSaving.ConfigureAwait(false);
        _stopScheduler.Dispose();
        await _web.StopAsync().ConfigureAwait(false);
        await _web.DisposeAsync().ConfigureAwait(false);
        await _stepFunctions.DisposeAsync().ConfigureAwait(false);
        _stepFunctionsClients.Dispose();
        _officeHoursClients?.Dispose();
        // The simulated now goes with the data: a restart resumes from it, not from the real clock.
        UpRestart.SaveClock(Info.DataDir, _local.Clock.GetUtcNow());
        await _local.DisposeAsync().ConfigureAwait(false);
        _registry.Dispose();
        _registryClients?.Dispose();
        if (File.Exists(PointerFile) && (await File.ReadAllTextAsync(PointerFile).ConfigureAwait(false)).Contains(JsonEncodedText.Encode(Info.DataDir).ToString(), StringComparison.Ordinal))
        {
            File.Delete(PointerFile);
        }
    }

    /// <summary>
    /// The scheduler: state machine targets start an
    /// execution on the local engine through its Step Functions API, Lambda targets call the in-process
    /// schedule functions, SNS targets publish on moto. Each schedule's last fired occurrence is kept in
    /// <c>schedules.json</c> in the data folder, so a restarted <c>up</c> fires every occurrence once.
    /// </summary>
    private static async Task<(LocalScheduler Scheduler, IReadOnlyDictionary<string, ScheduleTargetHandler> Functions)> StartSchedulerAsync(
        LocalProvisioner local, AwsClients stepFunctionsClients, ProvisionerApi api, string dataDir, int seed, TextWriter log, CancellationToken cancellationToken)
    {
        var settings = LocalProvisioner.Settings(local.Cloud.Options.Region);
        var functions = new Dictionary<string, ScheduleTargetHandler>(StringComparer.Ordinal);
        UpScheduleFunctions.Register(functions, new UpScheduleContext(api, local.Clients, settings, local.Clock));
        var synchronizedLog = TextWriter.Synchronized(log);
        var scheduler = new LocalScheduler(local.Cloud.Backchannel, new LocalSchedulerOptions
        {
            Time = local.Clock,
            Seed = seed,
            StatePath = Path.Combine(dataDir, "schedules.json"),
            Log = line => synchronizedLog.WriteLine("[up] " + line),
        });
        // Each firing runs inside the simulation (as the invocation it stands for would): see ServeAsync.
        scheduler.RegisterTarget("arn:aws:states:", async (invocation, ct) =>
        {
            await local.Clock.RunHeldAsync(() => stepFunctionsClients.StepFunctions.StartExecutionAsync(new Provisioner.Aws.StepFunctions.StartExecutionRequest { StateMachineArn = invocation.TargetArn, Input = invocation.Input }, ct)).ConfigureAwait(false);
        });
        scheduler.RegisterTarget("arn:aws:lambda:", (invocation, ct) =>
            functions.TryGetValue(UpScheduleFunctions.FunctionName(invocation.TargetArn), out var function)
                ? local.Clock.RunHeldAsync(() => function(invocation, ct))
                : throw new InvalidOperationException($"no schedule function {UpScheduleFunctions.FunctionName(invocation.TargetArn)} on up (UpScheduleFunctions.Register)"));
        await log.WriteLineAsync($"[up] schedules: group {settings.ScheduleGroupName}, fired on the simulated clock").ConfigureAwait(false);
        return (scheduler, functions);
    }

    private static async Task<WebApplication> StartWebAsync(ProvisionerApi api, VirtualClock clock, LocalUsers users, IReadOnlyDictionary<string, string> tokens, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, port);
        });
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = users.ValidationParameters;
        });
        var app = builder.Build();
        app.UseAuthentication();
        // Only `up` has local users: the portal offers them as a sign-in choice (on AWS this route does not exist).
        app.MapGet("/local/users", () => Results.Json(new JsonObject { ["users"] = new JsonObject(tokens.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))) }));
        // Every other request goes to the API (a fallback, so the route above is matched first: a terminal
        // app.Run would answer before routing ever ran).
        app.MapFallback("{**path}", context => ServeAsync(api, clock, context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    /// <summary>HttpContext to the host-neutral request and back; events as server-sent events when asked for.</summary>
    private static async Task ServeAsync(ProvisionerApi api, VirtualClock clock, HttpContext context)
    {
        var request = await ToApiRequestAsync(api, context).ConfigureAwait(false);
        if (request.Method == "GET" && request.Path.EndsWith("/events", StringComparison.Ordinal)
            && context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.Ordinal))
        {
            await EventStream.ServeAsync(api, request, context).ConfigureAwait(false);
            return;
        }

        ApiResponse? response = null;
        // One request runs inside the simulation, as a Lambda invocation would: the clock waits for it (its AWS
        // calls' simulated latency are its waits) rather than jumping past its timeouts to the next schedule.
        await clock.RunHeldAsync(async () => response = await api.HandleAsync(request, context.RequestAborted).ConfigureAwait(false)).ConfigureAwait(false);
        await WriteAsync(response!, context).ConfigureAwait(false);
    }

    internal static async Task<ApiRequest> ToApiRequestAsync(ProvisionerApi api, HttpContext context)
    {
        // Read one byte past the limit, so the API can answer 413 without holding an unbounded body.
        var limit = api.Options.MaxBodyBytes + 1;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while (buffer.Length < limit && (read = await context.Request.Body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, limit - buffer.Length)), context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return new ApiRequest
        {
            Method = context.Request.Method,
            Path = context.Request.Path.Value ?? "/",
            Query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
            Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Body = buffer.ToArray(),
            Caller = LocalUsers.CallerOf(context.User),
        };
    }

    internal static async Task WriteAsync(ApiResponse response, HttpContext context)
    {
        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body.Length > 0)
        {
            context.Response.ContentType = response.ContentType;
            await context.Response.Body.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
}

/// <summary>The ready line of <c>up</c> (first line of stdout, and <c>DIR/up.json</c>).</summary>
public sealed record UpInfo(string Api, string StepFunctions, string Aws, IReadOnlyDictionary<string, string> Users, string DataDir)
{
    public string ToJson() => new JsonObject
    {
        ["api"] = Api,
        ["stepFunctions"] = StepFunctions,
        ["aws"] = Aws,
        ["users"] = new JsonObject(Users.Select(u => KeyValuePair.Create(u.Key, (JsonNode?)u.Value))),
        ["dataDir"] = DataDir,
    }.ToJsonString();

    public static UpInfo Parse(string json)
    {
        var node = JsonNode.Parse(json)!;
        return new UpInfo((string)node["api"]!, (string)node["stepFunctions"]!, (string)node["aws"]!,
            node["users"]!.AsObject().ToDictionary(u => u.Key, u => (string)u.Value!, StringComparer.Ordinal), (string)node["dataDir"]!);
    }
}
