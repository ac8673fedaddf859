using Provisioner.Cli.Up;

namespace Provisioner.Portal.Tests.Fixture;

/// <summary>
/// The real service behind the page: <c>provisioner up</c> in process (moto, LocalCloud with the lab's seed,
/// the durable engine, the registry and the API that serves the portal), on virtual time, so a provision or
/// a teardown runs its real workflow to the end as fast as the machine allows.
/// </summary>
public sealed class UpBackend : IPortalBackend
{
    private readonly string _dataDir;

    private UpBackend(UpHost up, string dataDir)
    {
        Up = up;
        _dataDir = dataDir;
        BaseUrl = new Uri(up.Info.Api + "/");
    }

    public UpHost Up { get; }

    public Uri BaseUrl { get; }

    public IReadOnlyDictionary<string, string> Users => Up.Info.Users;

    public static async Task<UpBackend> StartAsync(CancellationToken cancellationToken)
    {
        var dataDir = Directory.CreateTempSubdirectory("provisioner-portal-up-").FullName;
        try
        {
            var up = await UpHost.StartAsync(new UpOptions(dataDir, VirtualTime: true), TextWriter.Null, cancellationToken);
            return new UpBackend(up, dataDir);
        }
        catch
        {
            Directory.Delete(dataDir, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Up.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }
}
