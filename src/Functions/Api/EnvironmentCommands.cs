using System.Text.Json.Nodes;
using Provisioner.Core.Spec;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Api.Workflows;

namespace Provisioner.Functions.Api;

/// <summary>
/// What the routes do to the registry and the workflows: every change is a conditional write that names
/// the execution first and starts it after, so a crash between the two is repaired by
/// <see cref="ReconcileAsync"/> and a repeated start is idempotent.
/// </summary>
public sealed class EnvironmentCommands(IEnvironmentRegistry registry, IWorkflows workflows, ApiOptions options, TimeProvider time, IEnvironmentSchedules? schedules = null)
{
    private const int Races = 8;

    /// <summary>Scheduler's at() has whole seconds; a firing may come up to this much before its time.</summary>
    public static readonly TimeSpan ScheduleSlack = TimeSpan.FromSeconds(1);

    /// <summary>Whether this host can keep a request for later (it has a scheduler).</summary>
    public bool CanSchedule => schedules is not null;

    /// <summary>
    /// Registers the environment and starts its provision, or, with <paramref name="startAt"/>, registers it
    /// SCHEDULED (counted against quotas from now) with a one-time schedule that starts it then.
    /// </summary>
    public async Task<CreateOutcome> CreateAsync(Caller caller, EnvironmentSpec spec, string specJson, CancellationToken cancellationToken, DateTimeOffset? startAt = null)
    {
        if (startAt is not null && schedules is null)
        {
            throw new InvalidOperationException("A request for later needs a scheduler (IEnvironmentSchedules); check CanSchedule first.");
        }
        for (var race = 0; race < Races; race++)
        {
            var existing = await registry.GetAsync(spec.EnvironmentId, cancellationToken).ConfigureAwait(false);
            if (existing is not null && EnvironmentStatus.IsActive(existing.Status))
            {
                if (!string.Equals(existing.Owner, caller.Sub, StringComparison.Ordinal))
                {
                    return new CreateOutcome.HeldByOther();
                }
                if (!string.Equals(existing.Spec, specJson, StringComparison.Ordinal) || (startAt is not null && existing.StartAt != startAt))
                {
                    return new CreateOutcome.Conflict(existing);
                }
                await EnsureStartedAsync(existing, cancellationToken).ConfigureAwait(false);
                await ArmStartAsync(existing, cancellationToken).ConfigureAwait(false);
                await ArmExpiryAsync(existing, cancellationToken).ConfigureAwait(false);
                return new CreateOutcome.Existing(existing);
            }
            var now = time.GetUtcNow();
            // A TTL counts from when the environment is wanted: now, or the start of a request for later.
            var from = startAt ?? now;
            var generation = (existing?.Generation ?? 0) + 1;
            var name = new ExecutionName(spec.EnvironmentId, generation, ExecutionKind.Provision, 1).ToString();
            var next = new EnvironmentRecord
            {
                EnvironmentId = spec.EnvironmentId,
                Owner = caller.Sub,
                Status = startAt is null ? EnvironmentStatus.Creating : EnvironmentStatus.Scheduled,
                StatusReason = startAt is { } start ? "scheduled to start at " + RegistryItem.Time(start) : "provisioning",
                Generation = generation,
                Spec = specJson,
                ScalingMax = spec.Scaling.Max,
                ExecutionName = name,
                ExecutionArn = workflows.ExecutionArn(ExecutionKind.Provision, name),
                CreatedAt = now,
                UpdatedAt = now,
                ExpiresAt = spec.TtlHours is { } hours ? from.AddHours(hours) : null,
                StartAt = startAt,
                Version = existing?.Version ?? 0,
            };
            try
            {
                var written = await registry.WriteAsync(existing, next, options.Quotas, cancellationToken).ConfigureAwait(false);
                await EnsureStartedAsync(written, cancellationToken).ConfigureAwait(false);
                await ArmStartAsync(written, cancellationToken).ConfigureAwait(false);
                await ArmExpiryAsync(written, cancellationToken).ConfigureAwait(false);
                return new CreateOutcome.Created(written);
            }
            catch (ConcurrentUpdateException)
            {
                // Someone else wrote this id between the read and the write: look again.
            }
            catch (QuotaExceededException ex)
            {
                return new CreateOutcome.OverQuota(ex);
            }
        }
        throw new ConcurrentUpdateException(spec.EnvironmentId);
    }

    /// <summary>
    /// Tears the environment down; a running provision is stopped first. Null when there is nothing to delete.
    /// <paramref name="reason"/> (<see cref="DeleteReasons"/>) is recorded as the item's <c>deleteReason</c>.
    /// </summary>
    public Task<EnvironmentRecord?> DeleteAsync(EnvironmentRecord record, CancellationToken cancellationToken) =>
        DeleteAsync(record, DeleteReasons.Deleted, cancellationToken);

    /// <inheritdoc cref="DeleteAsync(EnvironmentRecord, CancellationToken)"/>
    public async Task<EnvironmentRecord?> DeleteAsync(EnvironmentRecord record, string reason, CancellationToken cancellationToken)
    {
        switch (record.Status)
        {
            case EnvironmentStatus.Deleted:
                return null;
            case EnvironmentStatus.Deleting:
                await EnsureStartedAsync(record, cancellationToken).ConfigureAwait(false);
                return record;
            case EnvironmentStatus.Failed:
                // Rolled back: nothing of it is left, so there is nothing to run; only its schedules go.
                return await DeleteWithoutTeardownAsync(record, "deleted (nothing was left after the rollback)", reason, cancellationToken).ConfigureAwait(false);
            case EnvironmentStatus.Scheduled:
                // A request for later that has not started: nothing was made.
                return await DeleteWithoutTeardownAsync(record, "cancelled before its start", reason, cancellationToken).ConfigureAwait(false);
            case EnvironmentStatus.Creating when record.ExecutionArn is { } provision:
                await workflows.StopAsync(provision, "Provisioner.Deleted", "The environment was deleted while it was being provisioned.", cancellationToken).ConfigureAwait(false);
                break;
        }
        return await StartTeardownAsync(record with { DeleteReason = reason }, reason == DeleteReasons.Expired ? "deleting (expired)" : "deleting", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The start schedule's firing: a SCHEDULED environment of this generation becomes CREATING and its provision
    /// starts (the execution named at the request). Early firings re-arm; repeated or late ones change nothing.
    /// </summary>
    public async Task<StartOutcome> StartScheduledAsync(string environmentId, int generation, CancellationToken cancellationToken)
    {
        for (var race = 0; race < Races; race++)
        {
            var record = await registry.GetAsync(environmentId, cancellationToken).ConfigureAwait(false);
            if (record is null || record.Generation != generation)
            {
                return StartOutcome.Ignored;
            }
            if (record.Status != EnvironmentStatus.Scheduled)
            {
                // Started already (this is a repeated firing) or cancelled.
                return record.Status == EnvironmentStatus.Creating && record.Execution.Kind == ExecutionKind.Provision ? StartOutcome.Started : StartOutcome.Ignored;
            }
            if (record.StartAt is { } startAt && time.GetUtcNow() < startAt - ScheduleSlack)
            {
                await ArmStartAsync(record, cancellationToken).ConfigureAwait(false);
                return StartOutcome.Rearmed;
            }
            try
            {
                var started = await WriteAsync(record, record with { Status = EnvironmentStatus.Creating, StatusReason = "provisioning" }, cancellationToken).ConfigureAwait(false);
                await EnsureStartedAsync(started, cancellationToken).ConfigureAwait(false);
                return StartOutcome.Started;
            }
            catch (ConcurrentUpdateException)
            {
                // Deleted or changed between the read and the write: decide again.
            }
        }
        throw new ConcurrentUpdateException(environmentId);
    }

    /// <summary>Does again what failed; null when the status has nothing to retry.</summary>
    public async Task<RetryOutcome> RetryAsync(Caller caller, EnvironmentRecord record, CancellationToken cancellationToken)
    {
        switch (record.Status)
        {
            case EnvironmentStatus.Failed:
                var spec = System.Text.Json.JsonSerializer.Deserialize(record.Spec, SpecJsonContext.Default.EnvironmentSpec)!;
                var owner = caller with { Sub = record.Owner };
                return await CreateAsync(owner, spec, record.Spec, cancellationToken).ConfigureAwait(false) switch
                {
                    CreateOutcome.Created created => new RetryOutcome.Started(created.Record),
                    CreateOutcome.OverQuota quota => new RetryOutcome.OverQuota(quota.Error),
                    _ => new RetryOutcome.WrongStatus(record),
                };
            case EnvironmentStatus.RollbackFailed or EnvironmentStatus.DeleteFailed:
                return new RetryOutcome.Started(await StartTeardownAsync(record, "deleting again", cancellationToken).ConfigureAwait(false));
            default:
                return new RetryOutcome.WrongStatus(record);
        }
    }

    /// <summary>Moves <c>expiresAt</c> on by <paramref name="hours"/>, within the maximum lifetime.</summary>
    public async Task<EnvironmentRecord> ExtendAsync(EnvironmentRecord record, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var written = await WriteAsync(record, record with { ExpiresAt = expiresAt }, cancellationToken).ConfigureAwait(false);
        await ArmExpiryAsync(written, cancellationToken, from: written.UpdatedAt).ConfigureAwait(false);
        return written;
    }

    /// <summary>
    /// Makes the expiry and reminder schedules match the item's <c>expiresAt</c> (after the registry write,
    /// so a retry or a race converges on what the registry holds). No-op without a TTL or a scheduler.
    /// The reminder's lead is a tenth of the time from <paramref name="from"/> to expiry when under an hour:
    /// by default from when the TTL began (the request, or the start of a request for later), after an
    /// extend from the extend.
    /// </summary>
    public Task ArmExpiryAsync(EnvironmentRecord record, CancellationToken cancellationToken, DateTimeOffset? from = null)
    {
        if (schedules is null || record.ExpiresAt is not { } expiresAt || !EnvironmentStatus.IsActive(record.Status) || record.Status == EnvironmentStatus.Deleting)
        {
            return Task.CompletedTask;
        }
        return schedules.SetExpiryAsync(record.EnvironmentId, record.Generation, from ?? record.StartAt ?? record.CreatedAt, expiresAt, cancellationToken);
    }

    private Task ArmStartAsync(EnvironmentRecord record, CancellationToken cancellationToken) =>
        schedules is not null && record.Status == EnvironmentStatus.Scheduled && record.StartAt is { } startAt
            ? schedules.SetStartAsync(record.EnvironmentId, record.Generation, startAt, cancellationToken)
            : Task.CompletedTask;

    private async Task<EnvironmentRecord> DeleteWithoutTeardownAsync(EnvironmentRecord record, string statusReason, string reason, CancellationToken cancellationToken)
    {
        var deleted = await WriteAsync(record, record with { Status = EnvironmentStatus.Deleted, StatusReason = statusReason, DeleteReason = reason }, cancellationToken).ConfigureAwait(false);
        // After the write, so a firing in between reads DELETED and does nothing.
        if (schedules is not null)
        {
            await schedules.ClearStartAsync(record.EnvironmentId, cancellationToken).ConfigureAwait(false);
            await schedules.ClearExpiryAsync(record.EnvironmentId, cancellationToken).ConfigureAwait(false);
        }
        return deleted;
    }

    /// <summary>The latest <c>expiresAt</c> the deployment allows for this environment.</summary>
    public DateTimeOffset LatestExpiry(EnvironmentRecord record) => record.CreatedAt.AddHours(options.MaxLifetimeHours);

    /// <summary>
    /// Starts every execution an item names that does not exist yet (a crash between the registry write and
    /// StartExecution) and sets again the start schedule of every request for later (a crash between the
    /// registry write and CreateSchedule); <c>up</c> runs it at start, AWS on a schedule. Returns the names it started.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReconcileAsync(CancellationToken cancellationToken)
    {
        var started = new List<string>();
        foreach (var record in await registry.ListAsync(null, cancellationToken).ConfigureAwait(false))
        {
            await ArmStartAsync(record, cancellationToken).ConfigureAwait(false);
            if (EnvironmentStatus.IsBusy(record.Status) && record.ExecutionArn is { } arn
                && await workflows.DescribeAsync(arn, cancellationToken).ConfigureAwait(false) is null)
            {
                await EnsureStartedAsync(record, cancellationToken).ConfigureAwait(false);
                started.Add(record.ExecutionName);
            }
        }
        return started;
    }

    private async Task<EnvironmentRecord> StartTeardownAsync(EnvironmentRecord record, string reason, CancellationToken cancellationToken)
    {
        var current = record.Execution;
        var attempt = current.Kind == ExecutionKind.Teardown ? current.Attempt + 1 : 1;
        var name = new ExecutionName(record.EnvironmentId, record.Generation, ExecutionKind.Teardown, attempt).ToString();
        var next = record with
        {
            Status = EnvironmentStatus.Deleting,
            StatusReason = reason,
            ExecutionName = name,
            ExecutionArn = workflows.ExecutionArn(ExecutionKind.Teardown, name),
            Error = null,
        };
        var written = await WriteAsync(record, next, cancellationToken).ConfigureAwait(false);
        await EnsureStartedAsync(written, cancellationToken).ConfigureAwait(false);
        return written;
    }

    private Task<EnvironmentRecord> WriteAsync(EnvironmentRecord current, EnvironmentRecord next, CancellationToken cancellationToken) =>
        registry.WriteAsync(current, next with { UpdatedAt = time.GetUtcNow() }, options.Quotas, cancellationToken);

    private async Task EnsureStartedAsync(EnvironmentRecord record, CancellationToken cancellationToken)
    {
        if (!EnvironmentStatus.IsBusy(record.Status))
        {
            return;
        }
        var input = new JsonObject { ["spec"] = JsonNode.Parse(record.Spec) }.ToJsonString();
        await workflows.StartAsync(record.Execution.Kind, record.ExecutionName, input, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>What a create came to.</summary>
public abstract record CreateOutcome
{
    public sealed record Created(EnvironmentRecord Record) : CreateOutcome;
    public sealed record Existing(EnvironmentRecord Record) : CreateOutcome;
    public sealed record Conflict(EnvironmentRecord Record) : CreateOutcome;
    public sealed record HeldByOther : CreateOutcome;
    public sealed record OverQuota(QuotaExceededException Error) : CreateOutcome;
}

/// <summary>What a start schedule's firing came to.</summary>
public enum StartOutcome
{
    /// <summary>The provision started (or had started at an earlier firing).</summary>
    Started,

    /// <summary>Fired before its time: the schedule is set again.</summary>
    Rearmed,

    /// <summary>Nothing to do: gone, cancelled, or another generation.</summary>
    Ignored,
}

/// <summary>What a retry came to.</summary>
public abstract record RetryOutcome
{
    public sealed record Started(EnvironmentRecord Record) : RetryOutcome;
    public sealed record WrongStatus(EnvironmentRecord Record) : RetryOutcome;
    public sealed record OverQuota(QuotaExceededException Error) : RetryOutcome;
}
