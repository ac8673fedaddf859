namespace Provisioner.Functions.Api;

/// <summary>
/// The API's scheduler port: the environment's one-time schedules (EventBridge Scheduler on AWS, moto and
/// LocalCloud's scheduler on <c>up</c>), so the handlers never know the host. Every method is idempotent:
/// it creates what is missing and replaces what exists with the WHOLE schedule.
/// </summary>
public interface IEnvironmentSchedules
{
    /// <summary>
    /// The expiry schedule at <paramref name="expiresAt"/> (tears the environment down) and the reminder
    /// before it (<see cref="Schedules.ExpiryTimes.ReminderAt"/> from <paramref name="from"/>), both for this generation.
    /// </summary>
    Task SetExpiryAsync(string environmentId, int generation, DateTimeOffset from, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
