using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Provisioner.StateMachine.Tests.Support;

/// <summary>Runs the real AWS CLI against a local endpoint with dummy credentials and no config from the machine.</summary>
public sealed class AwsCli : IDisposable
{
    /// <summary>Real time one CLI call may take (a few seconds when all is well); past it the call fails instead of hanging the run.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "awscli-" + Guid.NewGuid().ToString("N"));
    private readonly Uri _endpoint;

    public AwsCli(Uri endpoint)
    {
        _endpoint = endpoint;
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "config"), string.Empty);
        File.WriteAllText(Path.Combine(_folder, "credentials"), string.Empty);
    }

    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public JsonNode Json => JsonNode.Parse(StdOut)!;
    }

    /// <summary>Runs <c>aws stepfunctions ARGS</c>; the arguments are passed as they are, no shell involved.</summary>
    public async Task<Result> StepFunctions(params string[] args)
    {
        var start = new ProcessStartInfo("/usr/bin/aws")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(_folder, "config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_folder, "credentials");
        start.Environment["AWS_PAGER"] = string.Empty;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var arg in new[] { "stepfunctions", "--endpoint-url", _endpoint.ToString().TrimEnd('/'), "--region", "us-east-1", "--output", "json" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"aws stepfunctions {string.Join(' ', args)} did not finish within {Deadline.TotalSeconds:0} s.");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Temp files only.
        }
    }
}
