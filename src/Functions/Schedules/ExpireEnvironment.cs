using Provisioner.Functions.Api;
using Provisioner.Functions.Api.Registry;

namespace Provisioner.Functions.Schedules;

/// <summary>What an expiry schedule's firing came to.</summary>
public enum ExpiryOutcome
{
    /// <summary>Teardown started (or already running) through the same path as DELETE, <c>deleteReason: expired</c>.</summary>
    Expired,

    /// <summary>Extended since the schedule was set: the schedules are set again from the registry's expiresAt.</summary>
    Rearmed,

    /// <summary>Nothing to do: gone, deleted, another generation, or no TTL any more.</summary>
    Ignored,
}

/// <summary>
/// The expiry schedule's handler: tears the environment down through <see cref="EnvironmentCommands.DeleteAsync(EnvironmentRecord, string, CancellationToken)"/>,
/// exactly as a DELETE does. An environment still CREATING at its expiry has its provision stopped and is
/// torn down (as a DELETE while CREATING): its TTL counts from the request. Repeated or late firings are
/// harmless: the registry, read fresh, decides.
/// </summary>
public sealed class ExpireEnvironment(IEnvironmentRegistry registry, EnvironmentCommands commands, TimeProvider time)
{
    private const int Races = 8;

    public async Task<ExpiryOutcome> RunAsync(string environmentId, int generation, CancellationToken cancellationToken)
    {
        for (var race = 0; race < Races; race++)
        {
            var record = await registry.GetAsync(environmentId, cancellationToken).ConfigureAwait(false);
            if (record is null || record.Generation != generation || !EnvironmentStatus.IsActive(record.Status) || record.ExpiresAt is not { } expiresAt)
            {
                return ExpiryOutcome.Ignored;
            }
            if (record.Status == EnvironmentStatus.Deleting)
            {
                return record.DeleteReason == DeleteReasons.Expired ? ExpiryOutcome.Expired : ExpiryOutcome.Ignored;
            }
            if (time.GetUtcNow() < expiresAt - EnvironmentCommands.ScheduleSlack)
            {
                // Extended since: the reminder counts from now (the extend's own arming did the same).
                await commands.ArmExpiryAsync(record, cancellationToken, from: time.GetUtcNow()).ConfigureAwait(false);
                return ExpiryOutcome.Rearmed;
            }
            try
            {
                await commands.DeleteAsync(record, DeleteReasons.Expired, cancellationToken).ConfigureAwait(false);
                return ExpiryOutcome.Expired;
            }
            catch (ConcurrentUpdateException)
            {
                // Extended, deleted or changed between the read and the write: decide again.
            }
        }
        throw new ConcurrentUpdateException(environmentId);
    }
}
