using System.Text.Json;
using Provisioner.Core.Spec;
using Provisioner.Functions.Api;
using Provisioner.Functions.Api.Registry;

namespace Provisioner.Functions.Schedules;

/// <summary>What a sleep, a wake or a wake check came to.</summary>
public abstract record OfficeHoursOutcome
{
    /// <summary>The environment is (now) in the state asked for; for a wake check, looked at and re-armed or READY.</summary>
    public sealed record Done(EnvironmentRecord Record) : OfficeHoursOutcome;

    /// <summary>Its status does not allow it (<paramref name="Rule"/> says which do).</summary>
    public sealed record WrongStatus(EnvironmentRecord Record, string Rule) : OfficeHoursOutcome;

    /// <summary>Unknown, or another generation than the schedule was made for: nothing is touched.</summary>
    public sealed record Ignored(string Why) : OfficeHoursOutcome;
}

/// <summary>
/// The registry side of office hours, for the sleep, wake and wake-check schedule handlers and for
/// <c>POST /environments/{id}/sleep</c> and <c>/wake</c>. READY (or WAKING) -> SLEEPING at sleep; SLEEPING ->
/// WAKING at wake, then WAKING -> READY once every instance the spec wants is a healthy target. Each status
/// change is a conditional write made before the AWS calls: a DELETE that races a sleep wins or loses whole, and a
/// failed AWS call is repaired by running the same transition again (a schedule's retry, or the same POST),
/// because the AWS side (<see cref="OfficeHours"/>) is idempotent. The wake is checked by a one-time schedule
/// that re-arms itself (durable, and no function ever waits), for at most <see cref="WakeCheckBudget"/>.
/// </summary>
public sealed class OfficeHoursTransitions(IEnvironmentRegistry registry, OfficeHours hours, IOfficeHoursSchedules schedules, ApiOptions options, TimeProvider time)
{
    /// <summary>How long after a wake its targets are checked before the checks stop (a POST /wake starts them again).</summary>
    public static readonly TimeSpan WakeCheckBudget = TimeSpan.FromHours(1);

    /// <summary>In a WAKING environment's status reason once its checks ran out of budget: it stays WAKING until a POST /wake.</summary>
    public const string ChecksStopped = "checks stopped";

    private const int Races = 4;

    public Task<OfficeHoursOutcome> SleepAsync(string environmentId, int? generation, bool byHand, CancellationToken cancellationToken) =>
        TransitionAsync(environmentId, generation, async (record, spec) =>
        {
            switch (record.Status)
            {
                case EnvironmentStatus.Ready or EnvironmentStatus.Waking:
                    var asleep = await WriteAsync(record, EnvironmentStatus.Sleeping,
                        (byHand ? "asleep (put to sleep by hand)" : "asleep (office hours)") + ": the Auto Scaling group is at 0 and alarm actions are disabled",
                        cancellationToken).ConfigureAwait(false);
                    await hours.SleepAsync(spec, cancellationToken).ConfigureAwait(false);
                    return new OfficeHoursOutcome.Done(asleep);
                case EnvironmentStatus.Sleeping:
                    // A retried sleep: the AWS side again, in case the first attempt stopped half way.
                    await hours.SleepAsync(spec, cancellationToken).ConfigureAwait(false);
                    return new OfficeHoursOutcome.Done(record);
                default:
                    return new OfficeHoursOutcome.WrongStatus(record, "only READY and WAKING environments can be put to sleep");
            }
        }, cancellationToken);

    public Task<OfficeHoursOutcome> WakeAsync(string environmentId, int? generation, bool byHand, CancellationToken cancellationToken) =>
        TransitionAsync(environmentId, generation, async (record, spec) =>
        {
            var waking = record;
            switch (record.Status)
            {
                case EnvironmentStatus.Sleeping:
                    waking = await WriteAsync(record, EnvironmentStatus.Waking,
                        (byHand ? "waking (woken by hand)" : "waking (office hours)") + ": the spec's sizes are restored; READY once every target is healthy",
                        cancellationToken).ConfigureAwait(false);
                    break;
                case EnvironmentStatus.Waking:
                    break;
                default:
                    return new OfficeHoursOutcome.WrongStatus(record, "only SLEEPING and WAKING environments can be woken");
            }
            await hours.WakeAsync(spec, cancellationToken).ConfigureAwait(false);
            await schedules.CheckWakeAtAsync(record.EnvironmentId, record.Generation, NextCheck(spec), cancellationToken).ConfigureAwait(false);
            return new OfficeHoursOutcome.Done(waking);
        }, cancellationToken);

    /// <summary>One look at a WAKING environment: READY when every target is healthy, else the next check is armed.</summary>
    public Task<OfficeHoursOutcome> CheckWakeAsync(string environmentId, int? generation, CancellationToken cancellationToken) =>
        TransitionAsync(environmentId, generation, async (record, spec) =>
        {
            if (record.Status != EnvironmentStatus.Waking)
            {
                return new OfficeHoursOutcome.WrongStatus(record, "only WAKING environments are checked");
            }
            var progress = await hours.CheckWakeAsync(spec, cancellationToken).ConfigureAwait(false);
            if (progress.IsAwake)
            {
                return new OfficeHoursOutcome.Done(await WriteAsync(record, EnvironmentStatus.Ready,
                    $"awake: {progress.Healthy} of {progress.Desired} targets healthy, alarm actions enabled", cancellationToken).ConfigureAwait(false));
            }
            if (time.GetUtcNow() - record.UpdatedAt >= WakeCheckBudget)
            {
                return new OfficeHoursOutcome.Done(await WriteAsync(record, EnvironmentStatus.Waking,
                    $"waking: {progress.Healthy} of {progress.Desired} targets healthy after {WakeCheckBudget.TotalMinutes:0} minutes; {ChecksStopped} (POST /environments/{record.EnvironmentId}/wake checks again)",
                    cancellationToken).ConfigureAwait(false));
            }
            await schedules.CheckWakeAtAsync(record.EnvironmentId, record.Generation, NextCheck(spec), cancellationToken).ConfigureAwait(false);
            return new OfficeHoursOutcome.Done(record);
        }, cancellationToken);

    /// <summary>One health-check interval from now: a new target needs one passing check.</summary>
    private DateTimeOffset NextCheck(EnvironmentSpec spec) =>
        time.GetUtcNow().AddSeconds(Math.Max(spec.App.HealthCheck.IntervalSeconds, 5));

    private async Task<OfficeHoursOutcome> TransitionAsync(string environmentId, int? generation,
        Func<EnvironmentRecord, EnvironmentSpec, Task<OfficeHoursOutcome>> transition, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(environmentId);
        for (var race = 0; ; race++)
        {
            var record = await registry.GetAsync(environmentId, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                return new OfficeHoursOutcome.Ignored($"no environment '{environmentId}'");
            }
            if (generation is { } wanted && wanted != record.Generation)
            {
                return new OfficeHoursOutcome.Ignored($"'{environmentId}' is generation {record.Generation}, the schedule was made for {wanted}");
            }
            var spec = JsonSerializer.Deserialize(record.Spec, SpecJsonContext.Default.EnvironmentSpec)!
                with { Generation = record.Generation };
            try
            {
                return await transition(record, spec).ConfigureAwait(false);
            }
            catch (ConcurrentUpdateException) when (race < Races - 1)
            {
                // Changed under us (a DELETE, the other schedule, a POST): read again and decide again.
            }
        }
    }

    private Task<EnvironmentRecord> WriteAsync(EnvironmentRecord record, string status, string reason, CancellationToken cancellationToken) =>
        registry.WriteAsync(record, record with { Status = status, StatusReason = reason, UpdatedAt = time.GetUtcNow() }, options.Quotas, cancellationToken);
}
