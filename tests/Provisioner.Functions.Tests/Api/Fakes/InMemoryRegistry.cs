using Provisioner.Functions.Api.Registry;

namespace Provisioner.Functions.Tests.Api.Fakes;

/// <summary>The registry's contract in memory: versioned conditional writes and atomic quota checks, under one lock.</summary>
internal sealed class InMemoryRegistry : IEnvironmentRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, EnvironmentRecord> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QuotaUsage> _usage = new(StringComparer.Ordinal);

    public int Writes { get; private set; }

    public IReadOnlyList<EnvironmentRecord> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _items.Values];
            }
        }
    }

    /// <summary>Runs before a write checks its condition, so a test can change the item under it.</summary>
    public Action<EnvironmentRecord?, EnvironmentRecord>? BeforeWrite { get; set; }

    public Task<EnvironmentRecord?> GetAsync(string environmentId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_items.GetValueOrDefault(environmentId));
        }
    }

    public Task<IReadOnlyList<EnvironmentRecord>> ListAsync(string? owner, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<EnvironmentRecord>>(
                [.. _items.Values.Where(r => owner is null || r.Owner == owner).OrderBy(r => r.EnvironmentId, StringComparer.Ordinal)]);
        }
    }

    public Task<QuotaUsage> UsageAsync(string owner, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_usage.GetValueOrDefault(owner) ?? new QuotaUsage(0, 0));
        }
    }

    public Task<EnvironmentRecord> WriteAsync(EnvironmentRecord? current, EnvironmentRecord next, Quotas quotas, CancellationToken cancellationToken)
    {
        BeforeWrite?.Invoke(current, next);
        lock (_lock)
        {
            var stored = _items.GetValueOrDefault(next.EnvironmentId);
            if (current is null ? stored is not null : stored?.Version != current.Version)
            {
                throw new ConcurrentUpdateException(next.EnvironmentId);
            }
            var change = UsageChange.Between(current, next);
            var usage = _usage.GetValueOrDefault(next.Owner) ?? new QuotaUsage(0, 0);
            if (change.Exceeds(next.Owner, usage, quotas) is { } exceeded)
            {
                throw exceeded;
            }
            _usage[next.Owner] = new QuotaUsage(usage.ActiveEnvironments + change.ActiveEnvironments, usage.ScalingMax + change.ScalingMax);
            var written = next with { Version = (current?.Version ?? 0) + 1 };
            _items[next.EnvironmentId] = written;
            Writes++;
            return Task.FromResult(written);
        }
    }
}
