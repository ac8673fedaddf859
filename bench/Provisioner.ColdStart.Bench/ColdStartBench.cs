using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Provisioner.ColdStart.Bench;

/// <summary>How the bootstrap was built: Native AOT (what the functions ship) or the same project on the JIT.</summary>
/// <param name="Command">The executable to start.</param>
/// <param name="Arguments">Its arguments (the JIT build runs under the <c>dotnet</c> host, as Lambda's managed runtime does).</param>
public sealed record Build(string Name, string Command, IReadOnlyList<string> Arguments, string PublishedFrom);

/// <summary>A handler and the one event it is invoked with.</summary>
/// <param name="Check">Whether the answer is the one the handler gives for that event (a cold start that fails measures nothing).</param>
public sealed record Invocation(string Handler, string AwsCalls, string Payload, Func<JsonNode?, bool> Check);

/// <summary>One cold start: process start to the bootstrap's first <c>next</c> (its init) and to its first response.</summary>
public sealed record ColdStart(string Handler, string Build, int Run, double InitMs, double FirstResponseMs);

public static class ColdStartBench
{
    /// <summary>ValidateSpec.Run (no AWS call), CreateTargetGroup.Undo (ELBv2 on the project's thin SigV4 client), CreateAmi.Undo (EC2 on the AWS SDK).</summary>
    public static IReadOnlyList<Invocation> Invocations(string labSpec)
    {
        var spec = JsonNode.Parse(labSpec)!;
        // The lab's spec with a network (the check reads only its form; nothing is created).
        spec["network"] = new JsonObject { ["vpcId"] = "vpc-0a1b2c3d4e5f60718", ["subnetIds"] = new JsonArray("subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788") };
        var validate = new JsonObject { ["spec"] = spec.DeepClone(), ["executionName"] = "coldstart-g1-provision-1" }.ToJsonString();
        // No startedAt: an Undo called by hand, so it answers at once (no in-flight Runs to wait out).
        var undo = new JsonObject { ["spec"] = new JsonObject { ["environmentId"] = "coldstart" } }.ToJsonString();
        return
        [
            new("ValidateSpec.Run", "none", validate, answer => answer?["environmentId"]?.GetValue<string>() == (string?)spec["environmentId"]),
            new("CreateTargetGroup.Undo", "elbv2 DescribeTargetGroups (thin client, SigV4)", undo, answer => answer?["status"]?.GetValue<string>() == "DONE"),
            new("CreateAmi.Undo", "ec2 DescribeImages (AWS SDK for .NET, SigV4)", undo, answer => answer?["status"]?.GetValue<string>() == "DONE"),
        ];
    }

    /// <summary>
    /// Starts each build for each handler <paramref name="runs"/> times (plus one warm-up round, not counted, that
    /// also wakes moto's backends), the builds alternating which goes first, so load on the machine falls on both.
    /// </summary>
    public static async Task<IReadOnlyList<ColdStart>> RunAsync(IReadOnlyList<Build> builds, IReadOnlyList<Invocation> invocations, int runs,
        Uri awsEndpoint, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builds);
        ArgumentNullException.ThrowIfNull(invocations);
        ArgumentNullException.ThrowIfNull(log);
        var results = new List<ColdStart>();
        for (var run = 0; run <= runs; run++)
        {
            foreach (var invocation in invocations)
            {
                var order = run % 2 == 0 ? builds : builds.Reverse().ToList();
                foreach (var build in order)
                {
                    // A Runtime API of its own per process: a killed bootstrap's pending `next` must not take the next one's event.
                    ColdStart measured;
                    await using (var api = await FakeRuntimeApi.StartAsync().ConfigureAwait(false))
                    {
                        measured = await OnceAsync(api, build, invocation, run, awsEndpoint, cancellationToken).ConfigureAwait(false);
                    }
                    if (run > 0)
                    {
                        results.Add(measured);
                    }
                    await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{(run == 0 ? "warm-up" : $"run {run,3}")}: {invocation.Handler,-24} {build.Name,-4} init {measured.InitMs,7:0.0} ms, first response {measured.FirstResponseMs,7:0.0} ms")).ConfigureAwait(false);
                }
            }
        }
        return results;
    }

    private static async Task<ColdStart> OnceAsync(FakeRuntimeApi api, Build build, Invocation invocation, int run, Uri awsEndpoint, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(build.Command)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in build.Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Lambda's environment for a provided.al2023 function, pointed at the fake Runtime API and at moto.
        start.Environment.Clear();
        foreach (var name in (string[])["PATH", "HOME", "DOTNET_ROOT"])
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = api.HostAndPort;
        start.Environment["_HANDLER"] = invocation.Handler;
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_ACCESS_KEY_ID"] = "testing";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "testing";
        start.Environment["AWS_SESSION_TOKEN"] = "testing";
        start.Environment["AWS_ENDPOINT_URL"] = awsEndpoint.ToString().TrimEnd('/');
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";

        var answer = api.Invoke(invocation.Payload);
        var stderr = new StringBuilder();
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {build.Command}");
        process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var first = await Task.WhenAny(answer, exited, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
            if (first != answer)
            {
                throw new InvalidOperationException($"{build.Name} {invocation.Handler}: no answer ({(first == exited ? $"exited {process.ExitCode}" : "timed out")}): {stderr}");
            }
            var posted = await answer.ConfigureAwait(false);
            if (posted.IsError || !invocation.Check(JsonNode.Parse(posted.Body)))
            {
                throw new InvalidOperationException($"{build.Name} {invocation.Handler}: unexpected answer ({(posted.IsError ? "error" : "response")}): {posted.Body}");
            }
            return new ColdStart(invocation.Handler, build.Name, run,
                Stopwatch.GetElapsedTime(started, posted.AskedAt).TotalMilliseconds,
                Stopwatch.GetElapsedTime(started, posted.AnsweredAt).TotalMilliseconds);
        }
        finally
        {
            // The bootstrap serves invocations until stopped: this one was started here and is ended here.
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public static string Markdown(IReadOnlyList<ColdStart> results, IReadOnlyList<Build> builds, IReadOnlyList<Invocation> invocations, int runs, string root)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(builds);
        ArgumentNullException.ThrowIfNull(invocations);
        var names = builds.Select(b => b.Name).ToList();
        var header = new StringBuilder("| handler | AWS calls |");
        var rule = new StringBuilder("|---|---|");
        foreach (var name in names)
        {
            header.Append(CultureInfo.InvariantCulture, $" {name} first response, median | {name} p90 | {name} init (first `next`), median |");
            rule.Append("---:|---:|---:|");
        }
        header.Append(CultureInfo.InvariantCulture, $" {names[^1]} / {names[0]}, median |");
        rule.Append("---:|");
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{runs} cold starts per handler and build (after one warm-up round), milliseconds from process start:");
        text.AppendLine();
        text.AppendLine(header.ToString());
        text.AppendLine(rule.ToString());
        foreach (var invocation in invocations)
        {
            var row = new StringBuilder($"| {invocation.Handler} | {invocation.AwsCalls} |");
            var medians = new List<double>();
            foreach (var name in names)
            {
                var mine = results.Where(r => r.Handler == invocation.Handler && r.Build == name).ToList();
                var response = Sorted(mine.Select(r => r.FirstResponseMs));
                var init = Sorted(mine.Select(r => r.InitMs));
                medians.Add(Quantile(response, 0.5));
                row.Append(CultureInfo.InvariantCulture, $" {Quantile(response, 0.5):0} | {Quantile(response, 0.9):0} | {Quantile(init, 0.5):0} |");
            }
            row.Append(CultureInfo.InvariantCulture, $" {medians[^1] / medians[0]:0.0}x |");
            text.AppendLine(row.ToString());
        }
        text.AppendLine();
        foreach (var build in builds)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {build.Name}: `{string.Join(' ', [Path.GetRelativePath(root, build.Command), .. build.Arguments.Select(a => Path.IsPathRooted(a) ? Path.GetRelativePath(root, a) : a)])}`, published with `{build.PublishedFrom}`");
        }
        return text.ToString();
    }

    private static List<double> Sorted(IEnumerable<double> values) => [.. values.Order()];

    private static double Quantile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
