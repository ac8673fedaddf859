using System.Diagnostics;
using System.Globalization;
using Provisioner.ColdStart.Bench;
using Provisioner.LocalCloud;

// dotnet run -c Release --project bench/Provisioner.ColdStart.Bench -- [runs=20]
// Publishes src/Functions once into artifacts/bench/aot (Native AOT, minutes of CPU) and artifacts/bench/jit (the same
// project with PublishAot=false, run by the dotnet host), unless they are there already: delete them to rebuild.
var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
if (runs < 1)
{
    await Console.Error.WriteLineAsync("runs: must be at least 1");
    return 2;
}
var root = Repository.Root();
var aotDir = Path.Combine(root, "artifacts", "bench", "aot");
var jitDir = Path.Combine(root, "artifacts", "bench", "jit");
var aotPublish = "dotnet publish src/Functions/Provisioner.Functions.csproj -c Release -r linux-x64 -o artifacts/bench/aot";
var jitPublish = "dotnet publish src/Functions/Provisioner.Functions.csproj -c Release -r linux-x64 --self-contained false -p:PublishAot=false -o artifacts/bench/jit";
await Repository.PublishOnceAsync(root, Path.Combine(aotDir, "bootstrap"), aotPublish);
await Repository.PublishOnceAsync(root, Path.Combine(jitDir, "bootstrap.dll"), jitPublish);
var builds = new List<Build>
{
    new("AOT", Path.Combine(aotDir, "bootstrap"), [], aotPublish),
    new("JIT", "dotnet", ["exec", Path.Combine(jitDir, "bootstrap.dll")], jitPublish),
};

// moto on 127.0.0.1 for the signed calls; the bootstraps reach it directly (no realism layer: it is their start-up that is measured).
await using var cloud = await LocalCloud.StartAsync(new LocalCloudOptions { SeedLab = false, UseEnvironmentEndpoint = false, Realism = false });
var invocations = ColdStartBench.Invocations(await File.ReadAllTextAsync(Path.Combine(root, "examples", "lab.json")));
var results = await ColdStartBench.RunAsync(builds, invocations, runs, cloud.Endpoint, Console.Error, CancellationToken.None);
Console.WriteLine(ColdStartBench.Markdown(results, builds, invocations, runs, root));
return 0;

internal static class Repository
{
    /// <summary>The folder holding Provisioner.sln, from the current directory up.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Provisioner.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run this from inside the repository (no Provisioner.sln above the current directory).");
    }

    /// <summary>Runs <paramref name="command"/> (a dotnet publish) in <paramref name="root"/> unless <paramref name="output"/> exists.</summary>
    public static async Task PublishOnceAsync(string root, string output, string command)
    {
        if (File.Exists(output))
        {
            await Console.Error.WriteLineAsync($"reusing {output} (delete it to publish again)");
            return;
        }
        await Console.Error.WriteLineAsync($"publishing: {command}");
        var words = command.Split(' ');
        var start = new ProcessStartInfo(words[0]) { WorkingDirectory = root, UseShellExecute = false };
        foreach (var word in words[1..])
        {
            start.ArgumentList.Add(word);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"{command} failed (exit {process.ExitCode})");
        }
    }
}
