using System.Text.Json.Nodes;
using Provisioner.Aws.Scheduler;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;

namespace Provisioner.Functions.Schedules;

/// <summary>Where the office-hours schedules live and what they call (template.yaml on AWS, <c>up</c> locally).</summary>
/// <param name="GroupName">The deployment's schedule group.</param>
/// <param name="RoleArn">The role Scheduler assumes to invoke the functions.</param>
/// <param name="SleepFunctionArn">The sleep handler (<see cref="OfficeHoursFunctions.SleepHandlerName"/>).</param>
/// <param name="WakeFunctionArn">The wake handler (<see cref="OfficeHoursFunctions.WakeHandlerName"/>).</param>
/// <param name="CheckWakeFunctionArn">The wake-check handler (<see cref="OfficeHoursFunctions.CheckWakeHandlerName"/>).</param>
/// <param name="NamePrefix">The deployment's resource name prefix.</param>
public sealed record OfficeHoursTargets(string GroupName, string RoleArn, string SleepFunctionArn, string WakeFunctionArn, string CheckWakeFunctionArn, string NamePrefix = ResourceNames.DefaultPrefix);

/// <summary>
/// <see cref="IOfficeHoursSchedules"/> on EventBridge Scheduler, in the deployment's group. Sleep and wake are
/// <c>cron(...)</c> schedules in the spec's time zone (<c>ScheduleExpressionTimezone</c>), so they follow its
/// daylight-saving changes; the wake check is a one-time <c>at()</c> in UTC that is kept after it fires
/// (ActionAfterCompletion NONE): the check re-arms itself by moving that schedule while it is being fired, and a
/// DELETE after completion would delete the moved one too. It goes with the environment. Written with
/// <see cref="ScheduleWrites"/>, so a retried status event or a second writer never makes two and never leaves
/// half a schedule.
/// </summary>
public sealed class OfficeHoursSchedules(ISchedulerClient scheduler, OfficeHoursTargets targets) : IOfficeHoursSchedules
{
    public async Task SetAsync(EnvironmentSpec spec, int generation, CancellationToken cancellationToken)
    {
        foreach (var request in Requests(spec, generation))
        {
            await scheduler.UpsertAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task CheckWakeAtAsync(string environmentId, int generation, DateTimeOffset at, CancellationToken cancellationToken) =>
        scheduler.UpsertAsync(CheckWakeRequest(environmentId, generation, at), cancellationToken);

    public async Task RemoveAsync(string environmentId, CancellationToken cancellationToken)
    {
        var names = ResourceNames.For(environmentId, targets.NamePrefix);
        foreach (var name in (string[])[names.SleepSchedule, names.WakeSchedule, names.WakeCheckSchedule])
        {
            await scheduler.DeleteIfPresentAsync(name, targets.GroupName, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The sleep and the wake schedule, in that order.</summary>
    /// <exception cref="ArgumentException">The spec has no <c>hours</c>.</exception>
    public IReadOnlyList<ScheduleRequest> Requests(EnvironmentSpec spec, int generation)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var hours = spec.Hours ?? throw new ArgumentException($"Environment '{spec.EnvironmentId}' has no office hours.", nameof(spec));
        var names = ResourceNames.For(spec.EnvironmentId, targets.NamePrefix);
        var input = Input(spec.EnvironmentId, generation);
        return
        [
            Request(names.SleepSchedule, hours.Sleep, hours.Timezone, new ScheduleTarget(targets.SleepFunctionArn, targets.RoleArn, input),
                $"Provisioner {spec.EnvironmentId}: scale to 0 at {hours.Sleep} ({hours.Timezone})", actionAfterCompletion: null),
            Request(names.WakeSchedule, hours.Wake, hours.Timezone, new ScheduleTarget(targets.WakeFunctionArn, targets.RoleArn, input),
                $"Provisioner {spec.EnvironmentId}: restore the spec's sizes at {hours.Wake} ({hours.Timezone})", actionAfterCompletion: null),
        ];
    }

    public ScheduleRequest CheckWakeRequest(string environmentId, int generation, DateTimeOffset at)
    {
        var names = ResourceNames.For(environmentId, targets.NamePrefix);
        return Request(names.WakeCheckSchedule, ExpiryTimes.At(at), "UTC", new ScheduleTarget(targets.CheckWakeFunctionArn, targets.RoleArn, Input(environmentId, generation)),
            $"Provisioner {environmentId}: READY once every target is healthy", actionAfterCompletion: null);
    }

    /// <summary>What every office-hours function receives: the environment and the generation the schedule was made for.</summary>
    public static string Input(string environmentId, int generation) =>
        new JsonObject { ["environmentId"] = environmentId, ["generation"] = generation }.ToJsonString();

    private ScheduleRequest Request(string name, string expression, string timezone, ScheduleTarget target, string description, string? actionAfterCompletion) =>
        ScheduleWrites.Enabled(name, targets.GroupName, expression, timezone, target, description, actionAfterCompletion);
}
