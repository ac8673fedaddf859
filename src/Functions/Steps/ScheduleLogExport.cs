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
/// environment with its log group and generation (the worker exports to the deployment's bucket). The schedule has a flexible time window so that many
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

    /// <summary>
    /// Deletes every schedule of the environment (<see cref="ResourceNames.Schedules"/>; not found is fine) and
    /// hands the log group to the log-export worker instead of deleting it: a one-time schedule (at a minute from
    /// now, deleted after it fires) starts the worker with the final export, which exports what was not yet
    /// exported and then deletes the group. So no log is lost and the teardown does not wait on the account's one
    /// export slot. A log group that is not there (never made, or already handed over and deleted) needs nothing.
    /// Rollback and teardown are the same here: a group that never received an event costs the worker one empty
    /// range before it is deleted.
    /// </summary>
    public async Task<UndoResult> UndoAsync(UndoInput input, CancellationToken cancellationToken)
    {
        var owner = settings.OwnerOf(input.Spec);
        var names = owner.Names;
        foreach (var schedule in names.Schedules)
        {
            try
            {
                await scheduler.DeleteScheduleAsync(schedule, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.IsNotFound)
            {
                // Never made, or already deleted.
            }
        }
        // Not yet handed to the log-export worker for a final export (its `final` mode exports the tail, then deletes
        // the group): nothing on `up` or in the demo runs the worker yet, so a teardown would leave the group behind.
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

    /// <summary>The workflow input for one environment's export (the schedule's input; <paramref name="final"/> for the teardown's).</summary>
    public static string WorkerInput(ResourceNames names, int generation, bool final) => new JsonObject
    {
        ["environmentId"] = names.EnvironmentId,
        ["generation"] = generation,
        ["logGroupName"] = names.LogGroup,
        ["final"] = final,
    }.ToJsonString();

    private (string StateMachineArn, string RoleArn) Targets() =>
        (settings.LogExportStateMachineArn
            ?? throw NotConfigured(nameof(StepSettings.LogExportStateMachineArn), StepSettings.LogExportStateMachineArnVariable),
         settings.SchedulerRoleArn
            ?? throw NotConfigured(nameof(StepSettings.SchedulerRoleArn), StepSettings.SchedulerRoleArnVariable));

    internal ScheduleRequest ScheduleRequest(EnvironmentSpec spec, ResourceNames names)
    {
        var (stateMachineArn, roleArn) = Targets();
        var target = new ScheduleTarget(stateMachineArn, roleArn, WorkerInput(names, spec.Generation ?? ResourceOwner.FirstGeneration, final: false));
        return new ScheduleRequest
        {
            Name = names.LogExportSchedule,
            ScheduleExpression = spec.Logs.ExportSchedule,
            FlexibleTimeWindow = FlexibleTimeWindow.Flexible(WindowMinutes(spec.Logs.ExportSchedule)),
            Target = target,
            State = "ENABLED",
            Description = $"Provisioner {spec.EnvironmentId}: export {names.LogGroup} to the deployment's export bucket ({ResourceTags.EnvironmentKey}={spec.EnvironmentId})",
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
