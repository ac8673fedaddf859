using Microsoft.Playwright;

namespace Provisioner.Portal.Tests.Fixture;

/// <summary>
/// One headless Chromium (Debian's, driven by Playwright) shared by a test class, and a fresh fake API
/// per test (<see cref="StartBackendAsync"/>), so scenarios never see each other's environments.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: the test run's results directory when one was given.</summary>
    public static string ArtifactsDirectory { get; } = FindArtifactsDirectory();

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/install-prerequisites.sh (it installs Debian's chromium).");
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu"],
            Timeout = 30_000,
        });
    }

    /// <summary>A fresh fake API; without local users it answers like AWS, where only a pasted token signs in.</summary>
    public static async Task<FakeProvisionerApi> StartBackendAsync(bool servesLocalUsers = true) =>
        await FakeProvisionerApi.StartAsync(Path.Combine(AppContext.BaseDirectory, "Portal"), servesLocalUsers);

    /// <summary>A page in its own browser context (own sessionStorage), closed when <paramref name="cancellation"/> fires.</summary>
    public async Task<IPage> NewPageAsync(IPortalBackend backend, CancellationToken cancellation)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = backend.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            ReducedMotion = ReducedMotion.Reduce,
        });
        // Waits are on what the page shows; this only bounds how long one may take.
        context.SetDefaultTimeout(15_000);
        // A test past its bound ends its browser context, so a waiting assertion fails at once.
        cancellation.Register(() => _ = context.CloseAsync());
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }

    private static string FindArtifactsDirectory()
    {
        var args = System.Environment.GetCommandLineArgs();
        var i = Array.IndexOf(args, "--results-directory");
        var root = i >= 0 && i + 1 < args.Length ? args[i + 1] : Path.Combine(AppContext.BaseDirectory, "TestResults");
        var dir = Path.Combine(Path.GetFullPath(root), "portal-screenshots");
        Directory.CreateDirectory(dir);
        return dir;
    }
}
