using System.Diagnostics;
using System.Globalization;
using Provisioner.Aws;
using Provisioner.Cli.Up;

namespace Provisioner.CrashResume.Bench;

/// <summary>
/// One <c>provisioner up</c> child process (<c>dotnet provisioner.dll up --data DIR ...</c>) on an emulator given as
/// <c>AWS_ENDPOINT_URL</c>, so the AWS state outlives it. Its ready line (the first line of stdout) gives the API's
/// address and the local users' tokens; its log (stderr) is appended to one file across restarts.
/// </summary>
internal sealed class UpProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);

    private readonly Process _process;

    private UpProcess(Process process, UpInfo info)
    {
        _process = process;
        Info = info;
    }

    public UpInfo Info { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The CLI next to this bench (the project reference copies it into the output folder).</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "provisioner.dll");

    public static async Task<UpProcess> StartAsync(string dataDir, Uri emulator, int seed, int ownerQuota, int quotaFactor, TextWriter log, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(CliDll);
        foreach (var argument in new[]
        {
            "up", "--data", dataDir, "--virtual-time", "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--owner-quota", ownerQuota.ToString(CultureInfo.InvariantCulture), "--quota-factor", quotaFactor.ToString(CultureInfo.InvariantCulture),
        })
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment[AwsEnvironment.EndpointUrl] = emulator.ToString().TrimEnd('/');
        // Not the user's ~/.provisioner/up.json: this up is the bench's own.
        info.Environment["PROVISIONER_UP_FILE"] = Path.Combine(Path.GetDirectoryName(dataDir)!, "up-pointer.json");
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var synchronized = TextWriter.Synchronized(log);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                synchronized.WriteLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            line = null;
        }
        if (line is null)
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            process.Dispose();
            throw new InvalidOperationException($"up gave no ready line (exit {(process.HasExited ? process.ExitCode.ToString(CultureInfo.InvariantCulture) : "none")}); see its log");
        }
        return new UpProcess(process, UpInfo.Parse(line));
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Linux): no dispose, no flush, no goodbye.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process.Dispose();
    }
}
