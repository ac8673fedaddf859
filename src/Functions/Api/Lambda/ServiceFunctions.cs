using System.Text.Json.Nodes;
using Provisioner.Aws;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Api.Status;
using Provisioner.Functions.Api.Workflows;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Schedules;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions.Api.Lambda;

/// <summary>
/// The service's Lambda handlers in the bootstrap's table: <c>Api.Run</c> (HTTP API payload 2.0), the TTL and request-for-later schedules' <c>ExpireEnvironment.Run</c> and <c>StartEnvironment.Run</c>, and
/// <c>ExecutionStatusChanged.Run</c> (the EventBridge status-change event). They read their settings on
/// the first invocation, so the step functions, which lack those variables, still build the same table.
/// </summary>
public static class ServiceFunctions
{
    public const string ApiHandlerName = "Api.Run";
    public const string ExpireHandlerName = "ExpireEnvironment.Run";
    public const string StartHandlerName = "StartEnvironment.Run";

    public static IEnumerable<IFunctionHandler> Handlers(Func<string, string?> environment, AwsClients clients, TimeProvider time)
    {
        OfficeHoursTargets? OfficeHours() => OfficeHoursFunctions.Targets(environment);
        var settings = new Lazy<ServiceSettings>(() => ServiceSettings.FromEnvironment(environment));
        var registry = new Lazy<IEnvironmentRegistry>(() => new DynamoDbEnvironmentRegistry(clients.DynamoDb, settings.Value.Table));
        var api = new Lazy<ProvisionerApi>(() => new ProvisionerApi(
            registry.Value,
            new StepFunctionsWorkflows(clients.StepFunctions, settings.Value.ProvisionStateMachineArn, settings.Value.TeardownStateMachineArn),
            settings.Value.Api,
            time,
            schedules: settings.Value.Schedules is { } schedules ? new EnvironmentSchedules(clients.Scheduler, schedules) : null,
            logExports: Export.LogExportSettings.FromEnvironment(environment) is { } exports
                ? new Export.LogExportHistory(new Export.LogExportTable(clients.DynamoDb, exports.TableName))
                : null)
        {
            OfficeHours = OfficeHours() is { } targets
                ? OfficeHoursFunctions.Create(registry.Value, clients, StepSettings.FromEnvironment(environment), targets, settings.Value.Api, time)
                : null,
        });
        var status = new Lazy<ExecutionStatusChanged>(() => new ExecutionStatusChanged(registry.Value, settings.Value.Api, time,
            OfficeHours() is { } targets ? new OfficeHoursSchedules(clients.Scheduler, targets) : null));
        return
        [
            new Handler(ApiHandlerName, async (input, ct) =>
            {
                // The input is checked before the settings are read, so a bad event is BadInput whatever the configuration.
                HttpApiEvent.ToRequest(input);
                return HttpApiEvent.ToResponse(await api.Value.HandleAsync(HttpApiEvent.ToRequest(input, settings.Value.GroupsClaim), ct).ConfigureAwait(false));
            }),
            new Handler(ExecutionStatusChanged.HandlerName, async (input, ct) =>
            {
                var change = StatusChangeEvent.From(input);
                return new JsonObject { ["result"] = (await status.Value.ApplyAsync(change, ct).ConfigureAwait(false)).ToString() };
            }),
            new Handler(ExpireHandlerName, async (input, ct) =>
            {
                var fired = ScheduleInput.From(input, ExpireHandlerName);
                var outcome = await new ExpireEnvironment(registry.Value, api.Value.Commands, time).RunAsync(fired.EnvironmentId, fired.Generation, ct).ConfigureAwait(false);
                return new JsonObject { ["result"] = outcome.ToString() };
            }),
            new Handler(StartHandlerName, async (input, ct) =>
            {
                var fired = ScheduleInput.From(input, StartHandlerName);
                var outcome = await api.Value.Commands.StartScheduledAsync(fired.EnvironmentId, fired.Generation, ct).ConfigureAwait(false);
                return new JsonObject { ["result"] = outcome.ToString() };
            }),
        ];
    }

    private sealed class Handler(string name, Func<JsonNode?, CancellationToken, Task<JsonNode?>> run) : IFunctionHandler
    {
        public string Name => name;

        public Task<JsonNode?> InvokeAsync(JsonNode? input, CancellationToken cancellationToken) => run(input, cancellationToken);
    }
}
