namespace Provisioner.Functions.Api.Registry;

/// <summary>
/// How a write moves its owner's usage: one active environment and its <c>scaling.max</c> in or out. An
/// inactive item (a DELETED id, possibly someone else's before) releases nothing of the new owner's.
/// </summary>
public sealed record UsageChange(int ActiveEnvironments, int ScalingMax)
{
    public bool IsNone => ActiveEnvironments == 0 && ScalingMax == 0;

    public bool Grows => ActiveEnvironments > 0 || ScalingMax > 0;

    public static UsageChange Between(EnvironmentRecord? current, EnvironmentRecord next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var before = current is not null && EnvironmentStatus.IsActive(current.Status) && string.Equals(current.Owner, next.Owner, StringComparison.Ordinal)
            ? current
            : null;
        var after = EnvironmentStatus.IsActive(next.Status);
        return new UsageChange(
            (after ? 1 : 0) - (before is null ? 0 : 1),
            (after ? next.ScalingMax : 0) - (before?.ScalingMax ?? 0));
    }

    /// <summary>The quota this change would break from <paramref name="usage"/>, or null when it fits.</summary>
    public QuotaExceededException? Exceeds(string owner, QuotaUsage usage, Quotas quotas)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(quotas);
        if (ActiveEnvironments > 0 && usage.ActiveEnvironments + ActiveEnvironments > quotas.ActiveEnvironments)
        {
            return new QuotaExceededException(owner, Quotas.ActiveEnvironmentsName, quotas.ActiveEnvironments, usage.ActiveEnvironments);
        }
        if (ScalingMax > 0 && usage.ScalingMax + ScalingMax > quotas.ScalingMax)
        {
            return new QuotaExceededException(owner, Quotas.ScalingMaxName, quotas.ScalingMax, usage.ScalingMax);
        }
        return null;
    }
}
