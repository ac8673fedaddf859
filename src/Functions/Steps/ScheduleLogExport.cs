using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Provisioner.Aws;
using Provisioner.Aws.CloudWatchLogs;
using Provisioner.Aws.Scheduler;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps.Resources;

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

        await ClaimLogGroupAsync(owner, cancellationToken).ConfigureAwait(false);
        await logs.PutRetentionPolicyAsync(names.LogGroup, spec.Logs.RetentionDays, cancellationToken).ConfigureAwait(false);

        try
        {
            await scheduler.CreateScheduleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == AwsErrorCodes.SchedulerConflict)
        {
            // It exists: an earlier attempt of this generation (or its spec changed) is made exactly what this spec
            // says; another generation's is a live environment's, and is not touched.
            var existing = await scheduler.GetScheduleAsync(names.LogExportSchedule, request.GroupName, cancellationToken).ConfigureAwait(false);
            Ownership.Claim(owner, ScheduleOwnerTags(existing), "log-export schedule", names.LogExportSchedule);
            await scheduler.UpdateScheduleAsync(request with { ClientToken = null }, cancellationToken).ConfigureAwait(false);
        }
        return new ScheduleLogExportOutput(names.LogGroup, names.LogExportSchedule);
    }

    /// <summary>
    /// A teardown (every generation) deletes every schedule of the environment (<see cref="ResourceNames.Schedules"/>:
    /// the export schedule and the API's expiry, reminder, start, sleep and wake schedules) and hands the log group
    /// to the log-export worker (<see cref="UndoResult.HandOver"/>: the teardown starts the worker's final export,
    /// which exports what was not yet exported and then deletes the group, so no log is lost); a rollback deletes
    /// only what its generation made: the export schedule whose input carries its generation, and a log group
    /// tagged with it (another generation's are a live environment's). Not found is fine throughout.
    /// </summary>
    public async Task<UndoResult> UndoAsync(UndoInput input, CancellationToken cancellationToken)
    {
        var owner = settings.OwnerOf(input.Spec);
        var names = owner.Names;
        foreach (var schedule in owner.Generation is null ? names.Schedules : [names.LogExportSchedule])
        {
            try
            {
                if (owner.Generation is not null)
                {
                    var existing = await scheduler.GetScheduleAsync(schedule, settings.ScheduleGroupName, cancellationToken).ConfigureAwait(false);
                    if (!Ownership.MayDelete(owner, ScheduleOwnerTags(existing)))
                    {
                        continue;
                    }
                }
                await scheduler.DeleteScheduleAsync(schedule, settings.ScheduleGroupName, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.IsNotFound)
            {
                // Never made, or already deleted.
            }
        }
        if (await LogGroupTagsAsync(names.LogGroup, cancellationToken).ConfigureAwait(false) is { } tags && Ownership.MayDelete(owner, tags))
        {
            if (owner.Generation is null)
            {
                // The exports go under the generation that made the group.
                var generation = GenerationOf(tags) ?? ResourceOwner.FirstGeneration;
                return UndoResult.Done with { HandOver = new LogExportHandOver(names.EnvironmentId, generation, names.LogGroup, Final: true) };
            }
            try
            {
                await logs.DeleteLogGroupAsync(names.LogGroup, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.IsNotFound)
            {
                // Deleted since it was read.
            }
        }
        return UndoResult.Done;
    }

    /// <summary>
    /// Creates the log group, or claims the one that exists (an earlier attempt of this generation is adopted;
    /// another deployment's or a newer generation's ends the provision with <c>Provisioner.EnvironmentExists</c>).
    /// An older generation's group is the one its teardown handed to the log-export worker, whose final export
    /// deletes it once the tail is exported: <c>Provisioner.LogGroupHandOver</c>, which the workflow retries until
    /// it is gone (an environment re-created right after its DELETE).
    /// </summary>
    private async Task ClaimLogGroupAsync(ResourceOwner owner, CancellationToken cancellationToken)
    {
        var name = owner.Names.LogGroup;
        try
        {
            await logs.CreateLogGroupAsync(name, owner.Tags(Step), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == AwsErrorCodes.LogGroupAlreadyExists)
        {
            var tags = await LogGroupTagsAsync(name, cancellationToken).ConfigureAwait(false);
            if (owner.Judge(tags) == OwnershipVerdict.OtherGeneration && GenerationOf(tags!) is { } older && older < owner.Generation)
            {
                throw new StepFailedException(StepErrors.LogGroupHandOver,
                    $"The log group '{name}' is still generation {older.ToString(CultureInfo.InvariantCulture)}'s: its teardown handed it to the log-export worker, " +
                    "whose final export deletes it once the last logs are exported. Retried until it is gone.");
            }
            Ownership.Claim(owner, tags, "log group", name);
        }
    }

    private static int? GenerationOf(IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue(ResourceTags.GenerationKey, out var tag)
        && int.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var g) && g >= ResourceOwner.FirstGeneration
            ? g
            : null;

    /// <summary>The log group's tags, or null when there is no such group.</summary>
    private async Task<IReadOnlyDictionary<string, string>?> LogGroupTagsAsync(string name, CancellationToken cancellationToken)
    {
        var found = await logs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = name }, cancellationToken).ConfigureAwait(false);
        if (found.LogGroups.FirstOrDefault(g => g.LogGroupName == name) is not { Arn: { } arn })
        {
            return null;
        }
        try
        {
            // DescribeLogGroups gives the ARN with a trailing ":*"; ListTagsForResource takes it without.
            return await logs.ListTagsForResourceAsync(arn.EndsWith(":*", StringComparison.Ordinal) ? arn[..^2] : arn, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>
    /// Schedules carry no tags (Scheduler tags only groups), so an export schedule's owner is read from what it
    /// holds: the deployment's own group and name prefix scope it to this deployment, and its input names the
    /// environment and the generation (<see cref="WorkerInput"/>). A schedule without that input is no one's we know.
    /// </summary>
    private Dictionary<string, string>? ScheduleOwnerTags(Schedule schedule)
    {
        if (schedule.Target?.Input is not { } text)
        {
            return null;
        }
        JsonNode? input;
        try
        {
            input = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        return input?["environmentId"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            && input["generation"]?.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [ResourceTags.EnvironmentKey] = input["environmentId"]!.GetValue<string>(),
                [ResourceTags.ManagedKey] = "true",
                [ResourceTags.DeploymentKey] = settings.Deployment,
                [ResourceTags.GenerationKey] = input["generation"]!.ToJsonString(),
            }
            : null;
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
            GroupName = settings.ScheduleGroupName,
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
