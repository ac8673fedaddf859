using Provisioner.Aws;
using Provisioner.Functions.Api;
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
    }

    /// <summary>The function name in a Lambda ARN (<c>arn:aws:lambda:region:account:function:NAME[:qualifier]</c>).</summary>
    public static string FunctionName(string arn)
    {
        ArgumentNullException.ThrowIfNull(arn);
        var parts = arn.Split(':');
        return parts.Length >= 7 && parts[5] == "function" ? parts[6] : throw new ArgumentException($"'{arn}' is not a Lambda function ARN.", nameof(arn));
    }
}
