using System.Globalization;
using System.Text.Json.Nodes;
using Provisioner.Aws.Scheduler;
using Provisioner.Core.Naming;
using Provisioner.Functions.Api;

namespace Provisioner.Functions.Schedules;

/// <summary>Where the environment's schedules live and what they call (template outputs on AWS, <c>up</c> locally).</summary>
/// <param name="GroupName">The deployment's schedule group.</param>
/// <param name="RoleArn">The role Scheduler assumes to call the targets.</param>
/// <param name="ExpiryFunctionArn">The schedule handler that tears an expired environment down (<see cref="ExpireEnvironment"/>).</param>
/// <param name="StartFunctionArn">The schedule handler that starts a request for later (<see cref="StartEnvironment"/>).</param>
/// <param name="TopicArnPrefix"><c>arn:aws:sns:&lt;region&gt;:&lt;account&gt;:</c>; the environment's alert topic name follows.</param>
/// <param name="NamePrefix">The deployment's resource name prefix.</param>
public sealed record ScheduleTargets(string GroupName, string RoleArn, string ExpiryFunctionArn, string StartFunctionArn, string TopicArnPrefix, string NamePrefix = ResourceNames.DefaultPrefix);

/// <summary>
/// <see cref="IEnvironmentSchedules"/> on EventBridge Scheduler: one-time <c>at()</c> schedules in UTC in the
/// deployment's group, deleted after they fire, written with <see cref="ScheduleWrites"/>.
/// </summary>
public sealed class EnvironmentSchedules(ISchedulerClient scheduler, ScheduleTargets targets) : IEnvironmentSchedules
{
    public const string DeleteAfterCompletion = "DELETE";

    public async Task SetExpiryAsync(string environmentId, int generation, DateTimeOffset from, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        foreach (var request in ExpiryRequests(environmentId, generation, from, expiresAt))
        {
            await scheduler.UpsertAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ClearExpiryAsync(string environmentId, CancellationToken cancellationToken)
    {
        var names = ResourceNames.For(environmentId, targets.NamePrefix);
        await scheduler.DeleteIfPresentAsync(names.ExpirySchedule, targets.GroupName, cancellationToken).ConfigureAwait(false);
        await scheduler.DeleteIfPresentAsync(names.ReminderSchedule, targets.GroupName, cancellationToken).ConfigureAwait(false);
    }

    public Task SetStartAsync(string environmentId, int generation, DateTimeOffset startAt, CancellationToken cancellationToken) =>
        scheduler.UpsertAsync(StartRequest(environmentId, generation, startAt), cancellationToken);

    public Task ClearStartAsync(string environmentId, CancellationToken cancellationToken) =>
        scheduler.DeleteIfPresentAsync(ResourceNames.For(environmentId, targets.NamePrefix).StartSchedule, targets.GroupName, cancellationToken);

    /// <summary>The schedule that starts a request for later.</summary>
    public ScheduleRequest StartRequest(string environmentId, int generation, DateTimeOffset startAt)
    {
        var input = new JsonObject
        {
            ["environmentId"] = environmentId,
            ["generation"] = generation,
            ["startAt"] = Time(startAt),
        }.ToJsonString();
        return Request(ResourceNames.For(environmentId, targets.NamePrefix).StartSchedule, ExpiryTimes.At(startAt),
            new ScheduleTarget(targets.StartFunctionArn, targets.RoleArn, input), $"Provisioner {environmentId}: start generation {generation}'s provision");
    }

    /// <summary>The expiry and the reminder schedule, in that order.</summary>
    public IReadOnlyList<ScheduleRequest> ExpiryRequests(string environmentId, int generation, DateTimeOffset from, DateTimeOffset expiresAt)
    {
        var names = ResourceNames.For(environmentId, targets.NamePrefix);
        var expiry = new JsonObject
        {
            ["environmentId"] = environmentId,
            ["generation"] = generation,
            ["expiresAt"] = Time(expiresAt),
        }.ToJsonString();
        var reminder = ReminderMessage(environmentId, expiresAt);
        return
        [
            Request(names.ExpirySchedule, ExpiryTimes.At(expiresAt), new ScheduleTarget(targets.ExpiryFunctionArn, targets.RoleArn, expiry),
                $"Provisioner {environmentId}: tear down generation {generation} at its expiry"),
            Request(names.ReminderSchedule, ExpiryTimes.At(ExpiryTimes.ReminderAt(from, expiresAt)), new ScheduleTarget(targets.TopicArnPrefix + names.AlertTopic, targets.RoleArn, reminder),
                $"Provisioner {environmentId}: remind {names.AlertTopic} of the expiry"),
        ];
    }

    /// <summary>What the alert topic's subscribers read: when it expires and how to extend it.</summary>
    public static string ReminderMessage(string environmentId, DateTimeOffset expiresAt) =>
        $"Provisioner environment {environmentId} expires at {Time(expiresAt)} (UTC) and will then be torn down. "
        + $"To keep it longer, extend it: `provisioner extend {environmentId} --hours N` "
        + $"or POST /environments/{environmentId}/extend with {{\"hours\": N}} (within the deployment's maximum lifetime).";

    private ScheduleRequest Request(string name, string expression, ScheduleTarget target, string description) =>
        ScheduleWrites.Enabled(name, targets.GroupName, expression, "UTC", target, description, DeleteAfterCompletion);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
