namespace Provisioner.Functions.Api.Registry;

/// <summary>
/// The environments and their owners' quota usage. Production and <c>up</c> use
/// <see cref="DynamoDbEnvironmentRegistry"/>; handler tests inject an in-memory fake.
/// </summary>
public interface IEnvironmentRegistry
{
    Task<EnvironmentRecord?> GetAsync(string environmentId, CancellationToken cancellationToken);

    /// <summary>Every environment (DELETED ones included), ordered by id; filtering is the caller's.</summary>
    Task<IReadOnlyList<EnvironmentRecord>> ListAsync(string? owner, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="next"/> if the item is still <paramref name="current"/> (null: no item yet),
    /// moving the owner's usage by the change in active count and <c>scaling.max</c>, atomically.
    /// </summary>
    /// <exception cref="ConcurrentUpdateException">The item is no longer <paramref name="current"/>.</exception>
    /// <exception cref="QuotaExceededException">The write would take the owner past <paramref name="quotas"/>.</exception>
    Task<EnvironmentRecord> WriteAsync(EnvironmentRecord? current, EnvironmentRecord next, Quotas quotas, CancellationToken cancellationToken);

    Task<QuotaUsage> UsageAsync(string owner, CancellationToken cancellationToken);
}
