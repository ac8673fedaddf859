namespace Provisioner.Aws.Scheduler;

/// <summary>
/// Amazon EventBridge Scheduler, REST-JSON protocol, API 2021-06-30. Errors: <see cref="AwsServiceException"/>.
/// </summary>
/// <remarks>
/// Not found: <c>ResourceNotFoundException</c> (HTTP 404). CreateSchedule with an existing name in the
/// group: <c>ConflictException</c> (HTTP 409), so a retried create reads the schedule (GetSchedule) or
/// updates it. ClientToken makes a retried Create/Update/Delete of the same request idempotent; give a
/// deterministic one (botocore fills a random one when absent, which defeats idempotency on retries).
/// Update replaces the whole schedule: send every field, not just the changed ones.
/// </remarks>
public interface ISchedulerClient
{
    /// <summary>Returns the schedule ARN.</summary>
    Task<string> CreateScheduleAsync(ScheduleRequest request, CancellationToken cancellationToken = default);

    Task<Schedule> GetScheduleAsync(string name, string? groupName = null, CancellationToken cancellationToken = default);

    /// <summary>Replaces the schedule; returns its ARN.</summary>
    Task<string> UpdateScheduleAsync(ScheduleRequest request, CancellationToken cancellationToken = default);

    Task DeleteScheduleAsync(string name, string? groupName = null, string? clientToken = null, CancellationToken cancellationToken = default);

    Task<ListSchedulesResponse> ListSchedulesAsync(ListSchedulesRequest request, CancellationToken cancellationToken = default);
}
