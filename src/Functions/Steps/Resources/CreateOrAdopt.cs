using Provisioner.Aws;

namespace Provisioner.Functions.Steps.Resources;

/// <summary>
/// The create-or-adopt skeleton every resource kind shares, written once: look for the resource by its
/// deterministic name; create it when it is not there; when the create answers the kind's duplicate error
/// (<see cref="AwsErrorCodes"/>: an earlier attempt made it and its answer was lost, or another run raced
/// this one), look again and return what is there. The caller then claims what was found
/// (<see cref="Ownership.Claim(Provisioner.Core.Naming.ResourceOwner, IReadOnlyDictionary{string, string}?, string, string)"/>);
/// what it created itself is its own.
/// </summary>
internal static class CreateOrAdopt
{
    public static async Task<Found<T>> RunAsync<T>(
        Func<CancellationToken, Task<T?>> find, Func<CancellationToken, Task<T>> create, string duplicateErrorCode, CancellationToken cancellationToken)
        where T : class
    {
        if (await find(cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return new Found<T>(existing, Created: false);
        }
        try
        {
            return new Found<T>(await create(cancellationToken).ConfigureAwait(false), Created: true);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == duplicateErrorCode)
        {
            var raced = await find(cancellationToken).ConfigureAwait(false);
            if (raced is null)
            {
                throw;
            }
            return new Found<T>(raced, Created: false);
        }
    }

    /// <summary>
    /// The same skeleton for APIs whose create answers nothing (CreateAutoScalingGroup): the resource that was
    /// already there (to be claimed), or null when this call created it.
    /// </summary>
    public static async Task<T?> FindOrCreateAsync<T>(
        Func<CancellationToken, Task<T?>> find, Func<CancellationToken, Task> create, string duplicateErrorCode, CancellationToken cancellationToken)
        where T : class
    {
        if (await find(cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }
        try
        {
            await create(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == duplicateErrorCode)
        {
            var raced = await find(cancellationToken).ConfigureAwait(false);
            if (raced is null)
            {
                throw;
            }
            return raced;
        }
    }
}

/// <summary>A resource and whether this call created it (then it is ours without a look at its tags).</summary>
internal sealed record Found<T>(T Resource, bool Created);
