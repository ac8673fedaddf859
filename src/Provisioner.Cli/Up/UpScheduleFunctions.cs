using System.Text.Json.Nodes;
using Provisioner.Aws;
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
        var prefix = context.Settings.NamePrefix;
        var expire = new ExpireEnvironment(context.Api.Registry, context.Api.Commands, context.Clock);
        functions[ScheduleTargets.ExpiryFunctionName(prefix)] = async (invocation, ct) =>
        {
            var fired = ScheduleInput.From(JsonNode.Parse(invocation.Input), ServiceFunctions.ExpireHandlerName);
            await expire.RunAsync(fired.EnvironmentId, fired.Generation, ct).ConfigureAwait(false);
        };
        functions[ScheduleTargets.StartFunctionName(prefix)] = async (invocation, ct) =>
        {
            var fired = ScheduleInput.From(JsonNode.Parse(invocation.Input), ServiceFunctions.StartHandlerName);
            await context.Api.Commands.StartScheduledAsync(fired.EnvironmentId, fired.Generation, ct).ConfigureAwait(false);
        };
    }

    /// <summary>Where <c>up</c>'s environment schedules point: its group and role, these functions, moto's SNS topics.</summary>
    public static ScheduleTargets Targets(StepSettings settings, string region, string account)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var functions = $"arn:aws:lambda:{region}:{account}:function:";
        return new ScheduleTargets(settings.ScheduleGroupName!, settings.SchedulerRoleArn!,
            functions + ScheduleTargets.ExpiryFunctionName(settings.NamePrefix), functions + ScheduleTargets.StartFunctionName(settings.NamePrefix),
            $"arn:aws:sns:{region}:{account}:", settings.NamePrefix);
    }

    /// <summary>The function name in a Lambda ARN (<c>arn:aws:lambda:region:account:function:NAME[:qualifier]</c>).</summary>
    public static string FunctionName(string arn)
    {
        ArgumentNullException.ThrowIfNull(arn);
        var parts = arn.Split(':');
        return parts.Length >= 7 && parts[5] == "function" ? parts[6] : throw new ArgumentException($"'{arn}' is not a Lambda function ARN.", nameof(arn));
    }
}
