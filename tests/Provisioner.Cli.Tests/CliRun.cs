using System.Diagnostics;

namespace Provisioner.Cli.Tests;

/// <summary>Runs the CLI in-process with its own streams, or as the real built executable.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Out, string Error)> InProcessAsync(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliIo(new StringReader(stdin), output, error), TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>The built <c>provisioner</c> as a child process (the assembly sits beside the tests).</summary>
    public static async Task<(int ExitCode, string Out, string Error)> ProcessAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot(),
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "provisioner.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Provisioner.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Provisioner.sln not found above " + AppContext.BaseDirectory);
    }

    public static string Example(string name) => Path.Combine(RepositoryRoot(), "examples", name);
}
