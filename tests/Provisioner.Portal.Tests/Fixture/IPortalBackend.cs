namespace Provisioner.Portal.Tests.Fixture;

/// <summary>
/// What the browser scenarios need from a running Provisioner API: where it is and the users it signs
/// tokens for. The in-test <see cref="FakeProvisionerApi"/> (scripted workflows on a clock the test moves)
/// and <see cref="UpBackend"/> (the real service, <c>provisioner up</c>, on moto) both implement it.
/// </summary>
public interface IPortalBackend : IAsyncDisposable
{
    /// <summary>The API's origin, serving the portal at <c>/</c>.</summary>
    Uri BaseUrl { get; }

    /// <summary>Local users and their bearer tokens: <c>dev-a</c>, <c>dev-b</c> and <c>admin</c>.</summary>
    IReadOnlyDictionary<string, string> Users { get; }
}
