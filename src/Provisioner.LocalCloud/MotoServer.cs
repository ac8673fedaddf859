using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Provisioner.LocalCloud;

/// <summary>
/// A <c>moto_server</c> process on a free 127.0.0.1 port, owned by whoever started it:
/// disposing it ends the process (and only that process).
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    /// <summary>The executable looked up on PATH unless <c>PROVISIONER_MOTO_SERVER</c> names another.</summary>
    public const string ExecutableVariable = "PROVISIONER_MOTO_SERVER";

    /// <summary>How long disposal waits for the killed process and its output pipes.</summary>
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly HttpClient _http;

    private MotoServer(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
        _http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Base URL of the server, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>
    /// Starts moto on a free loopback port and returns once it answers.
    /// Throws <see cref="InvalidOperationException"/> with a plain explanation when moto is not installed.
    /// </summary>
    public static async Task<MotoServer> StartAsync(TimeProvider? time = null, TimeSpan? startupTimeout = null, string? executable = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        executable ??= Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } configured ? configured : "moto_server";
        var port = FreeLoopbackPort();
        var info = new ProcessStartInfo(executable)
        {
            ArgumentList = { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // moto must never try to reach real AWS for anything (it does not, but be explicit).
        info.Environment["AWS_ACCESS_KEY_ID"] = "testing";
        info.Environment["AWS_SECRET_ACCESS_KEY"] = "testing";
        info.Environment["AWS_DEFAULT_REGION"] = "us-east-1";

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start '{executable}'.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"moto server not found: could not run '{executable}' ({ex.Message}). Install it with pip install 'moto[server]', " +
                $"set {ExecutableVariable} to its path, or set AWS_ENDPOINT_URL to a running local endpoint.", ex);
        }

        // Drain the pipes so a chatty server never blocks on a full buffer.
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new MotoServer(process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await server.WaitUntilReadyAsync(time, startupTimeout ?? TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Forgets every resource in every service (moto's <c>/moto-api/reset</c>).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync(new Uri("moto-api/reset", UriKind.Relative), null, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                // Bounded: the wait also waits for the output pipes to close, which a stray
                // grandchild could hold open; the process itself is gone once Kill returns.
                using var bound = new CancellationTokenSource(ExitWait);
                await _process.WaitForExitAsync(bound.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing to stop.
        }
        catch (OperationCanceledException)
        {
            // Killed, but its pipes stayed open past the bound: nothing more to wait for.
        }
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (long)(timeout.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"moto server exited with code {_process.ExitCode} before it answered on {Endpoint}.");
            }
            try
            {
                using var response = await _http.GetAsync(new Uri("moto-api/", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (time.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"moto server did not answer on {Endpoint} within {timeout.TotalSeconds:0} s.");
            }
            // Waiting on a real external process: this is wall-clock time by nature.
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
