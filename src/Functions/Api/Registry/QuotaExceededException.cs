namespace Provisioner.Functions.Api.Registry;

/// <summary>A write would take an owner past one of its quotas; nothing was written.</summary>
public sealed class QuotaExceededException(string owner, string quota, int limit, int used)
    : Exception($"Owner '{owner}' is at its {quota} quota: {used} used of {limit}.")
{
    public string Owner { get; } = owner;
    public string Quota { get; } = quota;
    public int Limit { get; } = limit;
    public int Used { get; } = used;
}
