namespace Provisioner.Functions.Api.Registry;

/// <summary>A conditional write lost a race: the item changed since it was read.</summary>
public sealed class ConcurrentUpdateException(string environmentId)
    : Exception($"Environment '{environmentId}' was changed by someone else since it was read.")
{
    public string EnvironmentId { get; } = environmentId;
}
