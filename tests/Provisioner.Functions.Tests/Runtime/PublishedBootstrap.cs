using System.Diagnostics;

namespace Provisioner.Functions.Tests.Runtime;

/// <summary>
/// The Lambda package as it ships, built the way <c>sam build</c> builds it: <c>make build-&lt;LogicalId&gt;</c>
/// in src/Functions with ARTIFACTS_DIR set (the template's <c>BuildMethod: makefile</c>), which publishes the
/// Native AOT <c>bootstrap</c> for linux-x64 with warnings as errors. Once per test run, into a temporary
/// folder; tests run the resulting <c>bootstrap</c> as Lambda would.
/// </summary>
public sealed class PublishedBootstrap : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "provisioner-bootstrap-" + Guid.NewGuid().ToString("n"));

    public string Executable => Path.Combine(Directory, "bootstrap");

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = "";

    /// <summary>The function whose build target is run; every function's target builds the same bootstrap.</summary>
    public const string FunctionLogicalId = "CreateAmiRunFunction";

    /// <summary>Bound on the publish (about 3 minutes here, 10 on a loaded machine).</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(25);

    public async ValueTask InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var start = new ProcessStartInfo("make")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-C", Path.Combine(RepositoryRoot(), "src", "Functions"), "build-" + FunctionLogicalId,
            "ARTIFACTS_DIR=" + Directory, "PUBLISH_DIR=" + Path.Combine(Directory, "publish"),
        })
        {
            start.ArgumentList.Add(argument);
        }
        // No MSBuild node or build server may outlive the publish holding its output pipes open.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
            await process.WaitForExitAsync(deadline.Token);
            ExitCode = process.ExitCode;
            Output = await stdout + await stderr;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            ExitCode = -1;
            Output = $"make build-{FunctionLogicalId} did not finish within {Deadline.TotalMinutes:0} minutes.";
        }
    }

    public ValueTask DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        return ValueTask.CompletedTask;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Provisioner.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Provisioner.sln not found above " + AppContext.BaseDirectory);
    }
}
