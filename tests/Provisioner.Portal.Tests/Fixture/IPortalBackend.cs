namespace Provisioner.Portal.Tests.Fixture;

/// <summary>
/// What the browser scenarios need from a running Provisioner API: where it is, the users it signs
/// tokens for, and a way to move its clock. The in-test <see cref="FakeProvisionerApi"/> implements it
/// today; a `provisioner up` process (its up.json gives the base URL and the tokens) can implement it
/// later, so the same scenarios run against both.
/// </summary>
public interface IPortalBackend : IAsyncDisposable
{
    /// <summary>The API's origin, serving the portal at <c>/</c>.</summary>
    Uri BaseUrl { get; }

    /// <summary>Local users and their bearer tokens: <c>dev-a</c>, <c>dev-b</c> and <c>admin</c>.</summary>
    IReadOnlyDictionary<string, string> Users { get; }

    /// <summary>Moves the service's clock forward, so the workflows it runs make progress.</summary>
    ValueTask AdvanceAsync(TimeSpan by);
}
