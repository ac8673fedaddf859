using System.Diagnostics;

namespace Provisioner.Functions.Tests.Runtime;

/// <summary>
/// The Lambda package as it ships: <c>dotnet publish -c Release -r linux-x64</c> (Native AOT), once per test
/// run, into a temporary folder. Tests run the resulting <c>bootstrap</c> as Lambda would.
/// </summary>
public sealed class PublishedBootstrap : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "provisioner-bootstrap-" + Guid.NewGuid().ToString("n"));

    public string Executable => Path.Combine(Directory, "bootstrap");

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var project = Path.Combine(RepositoryRoot(), "src", "Functions", "Provisioner.Functions.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-r", "linux-x64", "-o", Directory, "--nologo", "-p:TreatWarningsAsErrors=false" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        ExitCode = process.ExitCode;
        Output = await stdout + await stderr;
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
