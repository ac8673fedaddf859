using System.Text.Json.Nodes;
using Provisioner.Aws;
using Provisioner.Cli.Local;
using Provisioner.Functions.Api;
using Provisioner.Functions.Api.Lambda;
using Provisioner.Functions.Schedules;
using Provisioner.Functions.Steps;
using Provisioner.LocalCloud.Scheduling;

namespace Provisioner.Cli.Up;

/// <summary>What a schedule function on <c>up</c> may use: the API (the same commands the HTTP API runs), the AWS clients on LocalCloud, the deployment's settings and the one clock.</summary>
public sealed record UpScheduleContext(ProvisionerApi Api, AwsClients Clients, StepSettings Settings, TimeProvider Clock);

/// <summary>
/// The Lambda functions EventBridge schedules target (<c>arn:aws:lambda:...:function:NAME</c>), in process on
/// <c>up</c>: function name -> handler. On AWS these are the functions of template.yaml; here they are
/// registered in this one place (each schedule feature adds its lines below).
/// </summary>
public static class UpScheduleFunctions
{
    public static void Register(IDictionary<string, ScheduleTargetHandler> functions, UpScheduleContext context)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(context);
        // One line per schedule function: functions["<template function name>"] = (invocation, ct) => ...;
        // TTL and requests for later (issue 12): the expiry and start schedules' functions.
        var expire = new ExpireEnvironment(context.Api.Registry, context.Api.Commands, context.Clock);
        functions[ExpiryFunctionName] = async (invocation, ct) =>
        {
            var fired = ScheduleInput.From(JsonNode.Parse(invocation.Input), ServiceFunctions.ExpireHandlerName);
            await expire.RunAsync(fired.EnvironmentId, fired.Generation, ct).ConfigureAwait(false);
        };
        functions[StartFunctionName] = async (invocation, ct) =>
        {
            var fired = ScheduleInput.From(JsonNode.Parse(invocation.Input), ServiceFunctions.StartHandlerName);
            await context.Api.Commands.StartScheduledAsync(fired.EnvironmentId, fired.Generation, ct).ConfigureAwait(false);
        };
        // Office hours (issue 12): sleep, wake and the wake check, over the API's transitions.
        if (context.Api.OfficeHours is { } officeHours)
        {
            foreach (var handler in OfficeHoursFunctions.Handlers(new Lazy<OfficeHoursTransitions>(officeHours)))
            {
                functions[OfficeHoursFunctionNames[handler.Name]] = async (invocation, ct) =>
                    await handler.InvokeAsync(JsonNode.Parse(invocation.Input), ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The expiry schedule's function, named as template.yaml names it (<c>&lt;stack&gt;-expire-environment</c>; the local stack is <c>provisioner</c>).</summary>
    public const string ExpiryFunctionName = "provisioner-expire-environment";

    /// <summary>The start schedule's function (<c>&lt;stack&gt;-start-environment</c>).</summary>
    public const string StartFunctionName = "provisioner-start-environment";

    /// <summary>Where <c>up</c>'s environment schedules point: the deployment's group and role, the two functions above, moto's SNS topics.</summary>
    public static ScheduleTargets Targets(StepSettings settings, string region)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var functions = $"arn:aws:lambda:{region}:{LocalWorkflows.Account}:function:";
        return new ScheduleTargets(settings.ScheduleGroupName!, settings.SchedulerRoleArn!, functions + ExpiryFunctionName, functions + StartFunctionName,
            $"arn:aws:sns:{region}:{LocalWorkflows.Account}:", settings.NamePrefix);
    }

    /// <summary>The office-hours functions by handler, named as template.yaml names them (<c>&lt;stack&gt;-office-*</c>; the local stack is <c>provisioner</c>).</summary>
    public static IReadOnlyDictionary<string, string> OfficeHoursFunctionNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [OfficeHoursFunctions.SleepHandlerName] = "provisioner-office-sleep",
        [OfficeHoursFunctions.WakeHandlerName] = "provisioner-office-wake",
        [OfficeHoursFunctions.CheckWakeHandlerName] = "provisioner-office-check-wake",
    };

    /// <summary>Where <c>up</c>'s office-hours schedules live and what they call: the deployment's group and role, the functions above.</summary>
    public static OfficeHoursTargets OfficeHoursTargets(StepSettings settings, string region)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string Arn(string handler) => $"arn:aws:lambda:{region}:{LocalWorkflows.Account}:function:{OfficeHoursFunctionNames[handler]}";
        return new OfficeHoursTargets(settings.ScheduleGroupName!, settings.SchedulerRoleArn!,
            Arn(OfficeHoursFunctions.SleepHandlerName), Arn(OfficeHoursFunctions.WakeHandlerName), Arn(OfficeHoursFunctions.CheckWakeHandlerName), settings.NamePrefix);
    }

    /// <summary>The function name in a Lambda ARN (<c>arn:aws:lambda:region:account:function:NAME[:qualifier]</c>).</summary>
    public static string FunctionName(string arn)
    {
        ArgumentNullException.ThrowIfNull(arn);
        var parts = arn.Split(':');
        return parts.Length >= 7 && parts[5] == "function" ? parts[6] : throw new ArgumentException($"'{arn}' is not a Lambda function ARN.", nameof(arn));
    }
}
