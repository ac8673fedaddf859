using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Provisioner.Aws;
using Provisioner.Aws.CloudWatchLogs;
using Provisioner.Aws.Scheduler;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;

namespace Provisioner.Functions.Steps;

public sealed record ScheduleLogExportOutput(string LogGroupName, string ScheduleName);

/// <summary>
/// The environment's log group (the CloudWatch agent on each instance ships the app log there) with the
/// spec's retention, and an EventBridge Scheduler schedule that starts the log-export workflow for this
/// environment with its log group and bucket. The schedule has a flexible time window so that many
/// environments on the same expression do not all fire in the same minute (CloudWatch Logs allows one
/// active export task per account; the workflow queues them).
/// </summary>
public sealed partial class ScheduleLogExport(ICloudWatchLogsClient logs, ISchedulerClient scheduler, StepSettings settings)
{
    private const string Step = StepNames.ScheduleLogExport;

    /// <summary>The widest flexible window used; shorter rates get at most half their period.</summary>
    public const int MaxWindowMinutes = 60;

    public async Task<ScheduleLogExportOutput> RunAsync(StepInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var owner = settings.OwnerOf(spec);
        var names = owner.Names;
        var request = ScheduleRequest(spec, names);

        try
        {
            await logs.CreateLogGroupAsync(names.LogGroup, owner.Tags(Step), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == AwsErrorCodes.LogGroupAlreadyExists)
        {
            // Made by an earlier attempt.
        }
        await logs.PutRetentionPolicyAsync(names.LogGroup, spec.Logs.RetentionDays, cancellationToken).ConfigureAwait(false);

        try
        {
            await scheduler.CreateScheduleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == AwsErrorCodes.SchedulerConflict)
        {
            // It exists (an earlier attempt, or the spec changed): make it exactly what this spec says.
            await scheduler.UpdateScheduleAsync(request with { ClientToken = null }, cancellationToken).ConfigureAwait(false);
        }
        return new ScheduleLogExportOutput(names.LogGroup, names.LogExportSchedule);
    }

    public async Task<UndoResult> UndoAsync(UndoInput input, CancellationToken cancellationToken)
    {
        var names = settings.OwnerOf(input.Spec).Names;
        try
        {
            await scheduler.DeleteScheduleAsync(names.LogExportSchedule, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            // Never made, or already deleted.
        }
        try
        {
            await logs.DeleteLogGroupAsync(names.LogGroup, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            // Never made, or already deleted.
        }
        return UndoResult.Done;
    }

    internal ScheduleRequest ScheduleRequest(EnvironmentSpec spec, ResourceNames names)
    {
        var stateMachineArn = settings.LogExportStateMachineArn
            ?? throw NotConfigured(nameof(StepSettings.LogExportStateMachineArn), StepSettings.LogExportStateMachineArnVariable);
        var roleArn = settings.SchedulerRoleArn
            ?? throw NotConfigured(nameof(StepSettings.SchedulerRoleArn), StepSettings.SchedulerRoleArnVariable);
        var bucket = spec.Logs.ExportBucket ?? settings.LogExportBucket
            ?? throw new StepFailedException(StepErrors.Rejected,
                $"logs.exportBucket: the spec names no export bucket and the deployment has no default ({StepSettings.LogExportBucketVariable}).");
        var workflowInput = new JsonObject
        {
            ["environmentId"] = spec.EnvironmentId,
            ["logGroupName"] = names.LogGroup,
            ["bucket"] = bucket,
        };
        var target = new ScheduleTarget(stateMachineArn, roleArn, workflowInput.ToJsonString());
        return new ScheduleRequest
        {
            Name = names.LogExportSchedule,
            ScheduleExpression = spec.Logs.ExportSchedule,
            FlexibleTimeWindow = FlexibleTimeWindow.Flexible(WindowMinutes(spec.Logs.ExportSchedule)),
            Target = target,
            State = "ENABLED",
            Description = $"Provisioner {spec.EnvironmentId}: export {names.LogGroup} to s3://{bucket} ({ResourceTags.EnvironmentKey}={spec.EnvironmentId})",
            ClientToken = ClientTokens.For(names, Step, spec.Logs.ExportSchedule, target.Arn, target.RoleArn, target.Input),
        };
    }

    /// <summary>
    /// The flexible window for an expression: <see cref="MaxWindowMinutes"/>, or half the period of a faster
    /// <c>rate(...)</c> so consecutive runs never overlap (at least one minute, Scheduler's minimum).
    /// </summary>
    internal static int WindowMinutes(string expression)
    {
        var match = RateExpression().Match(expression);
        if (!match.Success)
        {
            return MaxWindowMinutes;
        }
        if (!long.TryParse(match.Groups["value"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return MaxWindowMinutes;
        }
        var minutes = match.Groups["unit"].Value switch
        {
            "minute" or "minutes" => value,
            "hour" or "hours" => value * 60,
            _ => value * 1440,
        };
        return (int)Math.Clamp(minutes / 2, 1, MaxWindowMinutes);
    }

    private static StepFailedException NotConfigured(string setting, string variable) =>
        new(StepErrors.Rejected, $"ScheduleLogExport needs StepSettings.{setting}; set {variable} on the function.");

    [GeneratedRegex(@"^rate\(\s*(?<value>\d+)\s+(?<unit>minutes?|hours?|days?)\s*\)$", RegexOptions.CultureInvariant)]
    private static partial Regex RateExpression();
}
