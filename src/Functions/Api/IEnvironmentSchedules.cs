namespace Provisioner.Functions.Api;

/// <summary>
/// The API's scheduler port: the environment's one-time schedules (EventBridge Scheduler on AWS, moto and
/// LocalCloud's scheduler on <c>up</c>), so the handlers never know the host. Every method is idempotent:
/// a set creates what is missing and replaces what exists with the WHOLE schedule; a clear deletes what is
/// there and takes "not there" as done.
/// </summary>
public interface IEnvironmentSchedules
{
    /// <summary>
    /// The expiry schedule at <paramref name="expiresAt"/> (tears the environment down) and the reminder
    /// before it (<see cref="Schedules.ExpiryTimes.ReminderAt"/> from <paramref name="from"/>), both for this generation.
    /// </summary>
    Task SetExpiryAsync(string environmentId, int generation, DateTimeOffset from, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Removes the expiry and reminder schedules (the environment is gone without a teardown that would).</summary>
    Task ClearExpiryAsync(string environmentId, CancellationToken cancellationToken);

    /// <summary>The one-time schedule that starts this generation's provision at <paramref name="startAt"/> (a request for later).</summary>
    Task SetStartAsync(string environmentId, int generation, DateTimeOffset startAt, CancellationToken cancellationToken);

    /// <summary>Removes the start schedule (the request for later was cancelled, or has started).</summary>
    Task ClearStartAsync(string environmentId, CancellationToken cancellationToken);
}
