using System.Text.Json.Serialization;
using Provisioner.Aws;
using Provisioner.Functions.Api;
using Provisioner.Functions.Api.Lambda;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions.Schedules;

/// <summary>What the sleep, wake and wake-check schedules send (<see cref="OfficeHoursSchedules.Input"/>).</summary>
public sealed record OfficeHoursInput(string EnvironmentId, int Generation);

/// <summary>What an office-hours function did: <c>done</c>, <c>wrong-status</c> or <c>ignored</c>, and the status after it.</summary>
public sealed record OfficeHoursResult(string Result, string? Status, string? Detail);

/// <summary>Source-generated JSON for the office-hours functions (AOT-safe), camelCase as the schedules send it.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(OfficeHoursInput))]
[JsonSerializable(typeof(OfficeHoursResult))]
internal sealed partial class OfficeHoursJsonContext : JsonSerializerContext;

/// <summary>
/// The office-hours schedule handlers by the names their functions' Handler setting uses: <c>OfficeHours.Sleep</c>,
/// <c>OfficeHours.Wake</c> and <c>OfficeHours.CheckWake</c>. A schedule for another generation, or a status that does
/// not allow the transition, is answered (not failed), so Scheduler does not retry what cannot succeed.
/// </summary>
public static class OfficeHoursFunctions
{
    public const string SleepHandlerName = "OfficeHours.Sleep";
    public const string WakeHandlerName = "OfficeHours.Wake";
    public const string CheckWakeHandlerName = "OfficeHours.CheckWake";

    public const string SleepFunctionArnVariable = "PROVISIONER_SLEEP_FUNCTION_ARN";
    public const string WakeFunctionArnVariable = "PROVISIONER_WAKE_FUNCTION_ARN";
    public const string CheckWakeFunctionArnVariable = "PROVISIONER_CHECK_WAKE_FUNCTION_ARN";

    /// <summary>Every handler name, for the handler table's and the template's contract.</summary>
    public static IReadOnlyList<string> Names { get; } = [SleepHandlerName, WakeHandlerName, CheckWakeHandlerName];

    /// <summary>The schedules' targets from a function's environment; null when the deployment does not configure office hours there.</summary>
    public static OfficeHoursTargets? Targets(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var steps = StepSettings.FromEnvironment(environment);
        return (steps.ScheduleGroupName, steps.SchedulerRoleArn, Read(environment, SleepFunctionArnVariable), Read(environment, WakeFunctionArnVariable), Read(environment, CheckWakeFunctionArnVariable)) is
            ({ } group, { } role, { } sleep, { } wake, { } check)
            ? new OfficeHoursTargets(group, role, sleep, wake, check, steps.NamePrefix)
            : null;
    }

    /// <summary>The handlers of a Lambda function; the transitions are built on first use from its environment.</summary>
    public static IEnumerable<IFunctionHandler> Handlers(Func<string, string?> environment, AwsClients clients, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(clients);
        return Handlers(new Lazy<OfficeHoursTransitions>(() =>
        {
            var service = ServiceSettings.FromEnvironment(environment);
            var targets = Targets(environment) ?? throw new InvalidOperationException(
                $"Office hours need {StepSettings.ScheduleGroupVariable}, {StepSettings.SchedulerRoleArnVariable}, {SleepFunctionArnVariable}, {WakeFunctionArnVariable} and {CheckWakeFunctionArnVariable} set on the function.");
            return Create(new DynamoDbEnvironmentRegistry(clients.DynamoDb, service.Table), clients, StepSettings.FromEnvironment(environment), targets, service.Api, time);
        }));
    }

    /// <summary>The transitions over one set of clients (the Lambda functions, the API and <c>up</c> build them the same way).</summary>
    public static OfficeHoursTransitions Create(IEnvironmentRegistry registry, AwsClients clients, StepSettings settings, OfficeHoursTargets targets, ApiOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(clients);
        return new OfficeHoursTransitions(registry, new OfficeHours(clients.AutoScaling, clients.CloudWatch, clients.ElbV2, settings),
            new OfficeHoursSchedules(clients.Scheduler, targets), options, time);
    }

    public static IEnumerable<IFunctionHandler> Handlers(Lazy<OfficeHoursTransitions> transitions)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        return
        [
            Handler(SleepHandlerName, (input, ct) => transitions.Value.SleepAsync(input.EnvironmentId, input.Generation, byHand: false, ct)),
            Handler(WakeHandlerName, (input, ct) => transitions.Value.WakeAsync(input.EnvironmentId, input.Generation, byHand: false, ct)),
            Handler(CheckWakeHandlerName, (input, ct) => transitions.Value.CheckWakeAsync(input.EnvironmentId, input.Generation, ct)),
        ];
    }

    /// <summary>The outcome as the function answers it.</summary>
    public static OfficeHoursResult Result(OfficeHoursOutcome outcome) => outcome switch
    {
        OfficeHoursOutcome.Done done => new("done", done.Record.Status, done.Record.StatusReason),
        OfficeHoursOutcome.WrongStatus wrong => new("wrong-status", wrong.Record.Status, wrong.Rule),
        OfficeHoursOutcome.Ignored ignored => new("ignored", null, ignored.Why),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown outcome"),
    };

    private static FunctionHandler<OfficeHoursInput, OfficeHoursResult> Handler(string name, Func<OfficeHoursInput, CancellationToken, Task<OfficeHoursOutcome>> run) =>
        new(name, OfficeHoursJsonContext.Default.OfficeHoursInput, OfficeHoursJsonContext.Default.OfficeHoursResult,
            StepErrorMap.Guard(name, async (OfficeHoursInput input, CancellationToken ct) => Result(await run(input, ct).ConfigureAwait(false))));

    private static string? Read(Func<string, string?> environment, string name) =>
        environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
