using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Provisioner.Core.Steps;
using Provisioner.LocalCloud;

namespace Provisioner.Functions.Tests.Runtime;

/// <summary>The published Native AOT bootstrap, run as Lambda runs it, against a Runtime API on 127.0.0.1.</summary>
public sealed partial class PublishedBootstrapTests(PublishedBootstrap published) : IClassFixture<PublishedBootstrap>
{
    /// <summary>Amazon Linux 2023's glibc: the bootstrap must not need a newer one.</summary>
    private static readonly Version AmazonLinux2023Glibc = new(2, 34);

    [Fact]
    public void Publish_SucceedsWithoutTrimOrAotWarnings()
    {
        Assert.True(published.ExitCode == 0, published.Output);
        var warnings = published.Output.Split('\n').Where(l => l.Contains("warning", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(warnings.Count == 0, string.Join('\n', warnings));
        Assert.True(File.Exists(published.Executable));
    }

    [Fact]
    public async Task Bootstrap_NeedsNoGlibcNewerThanAmazonLinux2023()
    {
        Assert.True(published.ExitCode == 0, published.Output);
        var (exit, symbols) = await RunToEndAsync("objdump", ["-T", published.Executable]);
        Assert.Equal(0, exit);

        var versions = GlibcVersion().Matches(symbols).Select(m => Version.Parse(m.Groups[1].Value)).ToList();

        Assert.NotEmpty(versions);
        Assert.True(versions.Max() <= AmazonLinux2023Glibc, $"needs GLIBC_{versions.Max()}");
    }

    [Fact]
    public async Task EveryHandler_IsInTheBootstrap_AndReportsBadInputAsAnError()
    {
        Assert.True(published.ExitCode == 0, published.Output);
        var names = FunctionCatalog.Create(Variables(new Uri("http://127.0.0.1:9")).GetValueOrDefault).Names.ToList();
        Assert.Equal(31, names.Count); // 19 step handlers + Api.Run and ExecutionStatusChanged.Run (issue 10) + the 5 LogExport handlers, the 3 OfficeHours handlers, ExpireEnvironment.Run and StartEnvironment.Run (issue 12)

        foreach (var name in names)
        {
            await using var api = await FakeRuntimeApi.StartAsync();
            using var bootstrap = Start(api, name, new Uri("http://127.0.0.1:9"));

            var result = await api.Invoke("[1, 2, 3]").WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

            Assert.True(result.IsError, $"{name}: {result.Body}");
            Assert.Equal(StepErrors.BadInput, result.ErrorTypeHeader);
            Assert.Contains(name, (string)JsonNode.Parse(result.Body)!["errorMessage"]!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownHandler_IsAnInitError()
    {
        Assert.True(published.ExitCode == 0, published.Output);
        await using var api = await FakeRuntimeApi.StartAsync();
        using var bootstrap = Start(api, "Nope.Run", new Uri("http://127.0.0.1:9"));

        var initError = await api.InitError.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Contains("Nope.Run", initError.Body, StringComparison.Ordinal);
        await bootstrap.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(1, bootstrap.ExitCode);
    }

    [Fact]
    public async Task ScheduleLogExport_RunsAndUndoes_AgainstMoto()
    {
        Assert.True(published.ExitCode == 0, published.Output);
        await using var moto = await MotoServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(PublishedBootstrap.RepositoryRoot(), "examples", "lab.json")))!.AsObject();
        // The lab's example leaves the network to the deployment: give it one, as ValidateSpec would.
        spec["network"] = new JsonObject { ["vpcId"] = "vpc-0a1b2c3d4e5f67890", ["subnetIds"] = new JsonArray("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002") };
        var input = new JsonObject { ["spec"] = spec };

        await using (var api = await FakeRuntimeApi.StartAsync())
        {
            using var run = Start(api, "ScheduleLogExport.Run", moto.Endpoint);
            var result = await api.Invoke(input.ToJsonString()).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
            Assert.False(result.IsError, result.Body);
            var output = JsonNode.Parse(result.Body)!;
            Assert.Equal("/provisioner/shop-dev/app", (string?)output["logGroupName"]);
            Assert.Equal("prov-shop-dev-log-export", (string?)output["scheduleName"]);
        }

        await using (var api = await FakeRuntimeApi.StartAsync())
        {
            using var undo = Start(api, "ScheduleLogExport.Undo", moto.Endpoint);
            var result = await api.Invoke(input.ToJsonString()).WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
            Assert.False(result.IsError, result.Body);
            Assert.Equal("DONE", (string?)JsonNode.Parse(result.Body)!["status"]);
        }
    }

    private static Dictionary<string, string> Variables(Uri endpoint) => new()
    {
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ENDPOINT_URL"] = endpoint.ToString(),
        ["AWS_ACCESS_KEY_ID"] = "testing",
        ["AWS_SECRET_ACCESS_KEY"] = "testing",
        ["PROVISIONER_LOG_EXPORT_STATE_MACHINE_ARN"] = "arn:aws:states:us-east-1:123456789012:stateMachine:provisioner-log-export",
        ["PROVISIONER_SCHEDULER_ROLE_ARN"] = "arn:aws:iam::123456789012:role/provisioner-scheduler",
        ["PROVISIONER_LOG_EXPORT_BUCKET"] = "provisioner-log-exports",
        ["PROVISIONER_INSTANCE_PROFILE"] = "provisioner-instances",
    };

    /// <summary>Starts the bootstrap as Lambda would; disposing it stops it (it serves until stopped).</summary>
    private RunningBootstrap Start(FakeRuntimeApi api, string handler, Uri endpoint)
    {
        var start = new ProcessStartInfo(published.Executable) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment.Clear();
        foreach (var (name, value) in Variables(endpoint))
        {
            start.Environment[name] = value;
        }
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = api.HostAndPort;
        start.Environment["_HANDLER"] = handler;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["HOME"] = Path.GetTempPath();
        return new RunningBootstrap(Process.Start(start)!);
    }

    private static async Task<(int ExitCode, string Output)> RunToEndAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, output);
    }

    [GeneratedRegex(@"GLIBC_(\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex GlibcVersion();

    private sealed class RunningBootstrap(Process process) : IDisposable
    {
        public int ExitCode => process.ExitCode;

        public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
            process.Dispose();
        }
    }
}
