using Provisioner.Core.Spec;

namespace Provisioner.Functions.Schedules;

/// <summary>
/// The office-hours schedules of an environment, as the status handler and the office-hours handlers see them.
/// Production and <c>up</c> use <see cref="OfficeHoursSchedules"/> (EventBridge Scheduler; on <c>up</c> moto's,
/// fired by LocalCloud's scheduler); handler tests inject a recording fake.
/// </summary>
public interface IOfficeHoursSchedules
{
    /// <summary>Creates or replaces the sleep and wake cron schedules of <paramref name="spec"/>'s <c>hours</c>, for <paramref name="generation"/>.</summary>
    Task SetAsync(EnvironmentSpec spec, int generation, CancellationToken cancellationToken);

    /// <summary>Arms the one-time wake check at <paramref name="at"/> (kept after it fires, so the check re-arms it by moving it while targets are not healthy).</summary>
    Task CheckWakeAtAsync(string environmentId, int generation, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Deletes the sleep, wake and wake-check schedules; absent ones are fine.</summary>
    Task RemoveAsync(string environmentId, CancellationToken cancellationToken);
}
