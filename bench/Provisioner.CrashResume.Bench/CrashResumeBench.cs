using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Provisioner.Aws;
using Provisioner.Aws.StepFunctions;
using Provisioner.Cli.Local;
using Provisioner.Cli.Reliability;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Api.Status;
using Provisioner.LocalCloud;
using Provisioner.LocalCloud.Inspection;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.CrashResume.Bench;

/// <summary>How one run goes.</summary>
/// <param name="Environments">Environments created at once through the API (spread over the local users, within their quota).</param>
/// <param name="Kills">SIGKILLs of <c>up</c>, each while work is in flight.</param>
/// <param name="MinKillDelay">Shortest real time from an <c>up</c>'s ready line to its kill.</param>
/// <param name="MaxKillDelay">Longest (the delay is drawn from the seed, uniformly in between).</param>
public sealed record CrashResumeOptions(int Seed = 1, int Environments = 24, int Kills = 5, double MinKillDelay = 3, double MaxKillDelay = 25);

/// <summary>What was in flight when <c>up</c> was killed, from the last poll of the API before the kill.</summary>
public sealed record KillRecord(int Number, double RealSeconds, double UpSeconds, IReadOnlyDictionary<string, int> Statuses,
    IReadOnlyDictionary<string, int> Steps, int DuplicatesAfterKill, double RestartSeconds, IReadOnlyList<string> UpLog);

public sealed record CrashResumeReport(
    CrashResumeOptions Options,
    int ExecutionsStarted,
    IReadOnlyDictionary<string, int> ExecutionStatuses,
    int StillRunning,
    IReadOnlyDictionary<string, int> FinalStatuses,
    IReadOnlyList<string> Disagreements,
    IReadOnlyList<string> Duplicates,
    IReadOnlyList<string> LeftAfterTeardown,
    IReadOnlyList<KillRecord> Kills,
    IReadOnlyList<string> Notes,
    double WallSeconds,
    double SimulatedSeconds)
{
    public bool Passed => StillRunning == 0 && Disagreements.Count == 0 && Duplicates.Count == 0 && LeftAfterTeardown.Count == 0
        && Kills.Count == Options.Kills && FinalStatuses.All(s => s.Key == EnvironmentStatus.Deleted);
}

/// <summary>
/// Crash-resume under load (issue 14, item 2): a moto the bench owns (so the AWS state outlives <c>up</c>), <c>up</c>
/// as a child process on it and on one data folder, N environments created at once through the HTTP API by several
/// owners and each deleted once READY, so provisions and teardowns run together; <c>up</c> SIGKILLed at seeded
/// random moments while something is in flight and restarted on the same folder. After each kill (with nothing
/// running) every environment is inspected for duplicates; at the end every execution must be closed, the
/// registry must agree with each environment's execution, and after the teardowns nothing may be left.
/// </summary>
public static class CrashResumeBench
{
    private static readonly string[] Owners = ["dev-a", "dev-b", "admin"];

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(20);

    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(4);

    public static async Task<CrashResumeReport> RunAsync(CrashResumeOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var root = Directory.CreateTempSubdirectory("provisioner-crash-").FullName;
        var dataDir = Path.Combine(root, "data");
        Directory.CreateDirectory(dataDir);
        var upLogPath = Path.Combine(root, "up.log");
        await log.WriteLineAsync($"data folder {dataDir}, up's log {upLogPath}").ConfigureAwait(false);
        var random = new Random(options.Seed);
        var ownerQuota = (options.Environments + Owners.Length - 1) / Owners.Length;
        var quotaFactor = Math.Max(1, (options.Environments + 49) / 50);
        var wall = Stopwatch.StartNew();
        var notes = new List<string>();
        var kills = new List<KillRecord>();
        var duplicates = new SortedSet<string>(StringComparer.Ordinal);

        await using var moto = await MotoServer.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        using var backchannel = new MotoBackchannel(moto.Endpoint);
        var inspector = new ResourceInspector(backchannel);
        await using var upLog = new StreamWriter(upLogPath, append: true) { AutoFlush = true };
        var up = await UpProcess.StartAsync(dataDir, moto.Endpoint, options.Seed, ownerQuota, quotaFactor, upLog, cancellationToken).ConfigureAwait(false);
        // Generous: a request runs inside the simulation, and under load the clock reaches its simulated latency only
        // when every execution waits (a machine shared with other work makes that slow), never by a real deadline.
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        try
        {
            var ids = Enumerable.Range(1, options.Environments).Select(i => $"crash-{i:00}").ToList();
            var owner = ids.Select((id, i) => (id, Owners[i % Owners.Length])).ToDictionary(p => p.id, p => p.Item2, StringComparer.Ordinal);
            var created = new HashSet<string>(StringComparer.Ordinal);
            var deleteAsked = new HashSet<string>(StringComparer.Ordinal);
            var retried = new HashSet<string>(StringComparer.Ordinal);
            var last = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            var upStarted = Stopwatch.StartNew();
            var killAfter = Delay(random, options);
            while (wall.Elapsed < RunLimit)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var api = up.Info;
                try
                {
                    foreach (var id in ids.Where(i => !created.Contains(i)))
                    {
                        var status = await SendAsync(http, HttpMethod.Post, api.Api + "/environments", api.Users[owner[id]], Spec(id), cancellationToken).ConfigureAwait(false);
                        if (status is HttpStatusCode.Created or HttpStatusCode.Accepted or HttpStatusCode.OK)
                        {
                            created.Add(id);
                        }
                        else
                        {
                            throw new InvalidOperationException($"POST /environments {id}: {(int)status}");
                        }
                    }
                    // Two listings (the admin sees every owner's; DELETED ones are listed only when asked for).
                    foreach (var query in new[] { "?limit=100", "?limit=100&status=DELETED" })
                    {
                        var page = await GetAsync(http, api.Api + "/environments" + query, api.Users["admin"], cancellationToken).ConfigureAwait(false);
                        foreach (var view in page?["items"]?.AsArray().OfType<JsonObject>() ?? [])
                        {
                            if ((string?)view["environmentId"] is { } id && owner.ContainsKey(id))
                            {
                                last[id] = view;
                            }
                        }
                    }
                    foreach (var (id, view) in last)
                    {
                        var status = (string?)view["status"];
                        if (status == EnvironmentStatus.Ready && deleteAsked.Add(id))
                        {
                            Add(duplicates, id, "while READY", await inspector.ListAsync(id, cancellationToken).ConfigureAwait(false));
                            await ExpectAsync(http, HttpMethod.Delete, api.Api + "/environments/" + id, api.Users[owner[id]], cancellationToken).ConfigureAwait(false);
                        }
                        else if (status is EnvironmentStatus.Failed or EnvironmentStatus.RollbackFailed && deleteAsked.Add(id))
                        {
                            notes.Add($"{id} ended its provision {status}: {view["error"]?.ToJsonString()}");
                            await ExpectAsync(http, HttpMethod.Delete, api.Api + "/environments/" + id, api.Users[owner[id]], cancellationToken).ConfigureAwait(false);
                        }
                        else if (status == EnvironmentStatus.DeleteFailed && retried.Add(id))
                        {
                            notes.Add($"{id} ended its teardown DELETE_FAILED: {view["error"]?.ToJsonString()}; retried");
                            await ExpectAsync(http, HttpMethod.Post, api.Api + "/environments/" + id + "/retry", api.Users[owner[id]], cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
                catch (HttpRequestException ex) when (up.HasExited)
                {
                    throw new InvalidOperationException($"up (pid {up.Pid}) exited by itself; see {upLogPath}", ex);
                }

                var busy = last.Values.Count(v => EnvironmentStatus.IsBusy((string?)v["status"] ?? ""));
                if (kills.Count < options.Kills && busy > 0 && upStarted.Elapsed.TotalSeconds >= killAfter)
                {
                    var statuses = Count(last.Values.Select(v => (string?)v["status"] ?? "?"));
                    var steps = Count(last.Values.Where(v => EnvironmentStatus.IsBusy((string?)v["status"] ?? "")).Select(v => (string?)v["currentStep"] ?? "(none)"));
                    var linesBefore = File.ReadAllLines(upLogPath).Length;
                    var killedAt = wall.Elapsed.TotalSeconds;
                    var upSeconds = upStarted.Elapsed.TotalSeconds;
                    await up.KillAsync().ConfigureAwait(false);
                    await up.DisposeAsync().ConfigureAwait(false);
                    // Nothing runs now: what exists is what the killed process left. One of each, still?
                    var found = 0;
                    foreach (var id in ids)
                    {
                        found += Add(duplicates, id, $"after kill {kills.Count + 1}", await inspector.ListAsync(id, cancellationToken).ConfigureAwait(false));
                    }
                    var restart = Stopwatch.StartNew();
                    up = await UpProcess.StartAsync(dataDir, moto.Endpoint, options.Seed, ownerQuota, quotaFactor, upLog, cancellationToken).ConfigureAwait(false);
                    restart.Stop();
                    var restartLines = File.ReadAllLines(upLogPath).Skip(linesBefore).Where(l => l.Contains("caught up", StringComparison.Ordinal) || l.Contains("reconciled", StringComparison.Ordinal)).ToList();
                    kills.Add(new KillRecord(kills.Count + 1, killedAt, upSeconds, statuses, steps, found, restart.Elapsed.TotalSeconds, restartLines));
                    await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"kill {kills.Count} at {killedAt:0.0} s ({upSeconds:0.0} s into that up): {Format(statuses)}; in flight at {Format(steps)}; restarted in {restart.Elapsed.TotalSeconds:0.0} s {string.Join(" ", restartLines)}")).ConfigureAwait(false);
                    upStarted.Restart();
                    killAfter = Delay(random, options);
                    continue;
                }
                if (kills.Count >= options.Kills && last.Count == ids.Count && last.Values.All(v => (string?)v["status"] == EnvironmentStatus.Deleted))
                {
                    break;
                }
                if (kills.Count >= options.Kills && busy == 0 && last.Count == ids.Count && last.Values.All(v => (string?)v["status"] is EnvironmentStatus.Deleted or EnvironmentStatus.DeleteFailed)
                    && ids.All(retried.Contains))
                {
                    break;
                }
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }
            if (wall.Elapsed >= RunLimit)
            {
                notes.Add($"the run hit its limit of {RunLimit.TotalMinutes:0} min");
            }
            await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"all {ids.Count} torn down after {wall.Elapsed.TotalSeconds:0} s; waiting for the final log exports")).ConfigureAwait(false);

            // The final log export of each torn-down environment runs after DELETED; then its log group goes.
            var left = new List<string>();
            var drain = Stopwatch.StartNew();
            while (true)
            {
                left.Clear();
                foreach (var id in ids)
                {
                    left.AddRange((await inspector.ListAsync(id, cancellationToken).ConfigureAwait(false)).Select(r => $"{id}: {r}"));
                }
                if (left.Count == 0 || drain.Elapsed >= DrainLimit)
                {
                    break;
                }
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }

            using var sfn = new AwsClients(AwsSettings.ForLocalEndpoint(new Uri(up.Info.StepFunctions), "us-east-1"));
            var executions = new List<ExecutionListItem>();
            foreach (var machine in new[] { "provisioner-provision", "provisioner-teardown" })
            {
                executions.AddRange(await ListAsync(sfn.StepFunctions, $"arn:aws:states:us-east-1:{LocalWorkflows.Account}:stateMachine:{machine}", cancellationToken).ConfigureAwait(false));
            }
            var disagreements = new List<string>();
            var final = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var id in ids)
            {
                var view = await GetAsync(http, up.Info.Api + "/environments/" + id, up.Info.Users["admin"], cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"{id}: not in the registry");
                var status = (string?)view["status"] ?? "?";
                final[id] = status;
                var arn = (string?)view["executionArn"];
                var execution = arn is null ? null : await sfn.StepFunctions.DescribeExecutionAsync(arn, cancellationToken).ConfigureAwait(false);
                var name = arn?[(arn.LastIndexOf(':') + 1)..];
                if (execution is null || !ExecutionName.TryParse(name, out var parsed))
                {
                    disagreements.Add($"{id}: registry {status}, execution {arn ?? "(none)"} unknown");
                    continue;
                }
                var expected = StatusTable.For(parsed.Kind, execution.Status, execution.Error)?.Status ?? "(running)";
                if (expected != status)
                {
                    disagreements.Add($"{id}: registry {status}, {name} {execution.Status} (means {expected})");
                }
            }
            var simulated = executions.Count == 0 ? 0
                : ((executions.Max(e => e.StopDate ?? e.StartDate)) - executions.Min(e => e.StartDate)).TotalSeconds;
            wall.Stop();
            return new CrashResumeReport(options, executions.Count, Count(executions.Select(e => e.Status)), executions.Count(e => e.Status == ExecutionStatus.Running),
                Count(final.Values), disagreements, [.. duplicates], left, kills, notes, wall.Elapsed.TotalSeconds, simulated);
        }
        finally
        {
            await up.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The lab's example (its source is the app server's Name tag, its network the deployment's), one instance at most, so 8 fit an owner's scaling quota.</summary>
    public static JsonObject Spec(string environmentId) => new()
    {
        ["environmentId"] = environmentId,
        ["source"] = new JsonObject { ["instanceName"] = "app-server", ["noReboot"] = false },
        ["app"] = new JsonObject
        {
            ["port"] = 5000,
            ["healthCheck"] = new JsonObject { ["path"] = "/status", ["intervalSeconds"] = 30, ["timeoutSeconds"] = 5, ["healthyThreshold"] = 5, ["unhealthyThreshold"] = 2 },
            ["logFile"] = "/var/log/app/app.log",
        },
        ["loadBalancer"] = new JsonObject
        {
            ["scheme"] = "internet-facing",
            ["https"] = new JsonObject { ["selfSigned"] = true },
            ["redirectHttpToHttps"] = true,
            ["stickiness"] = new JsonObject { ["enabled"] = true, ["durationSeconds"] = 86400 },
            ["deregistrationDelaySeconds"] = 30,
        },
        ["launch"] = new JsonObject { ["instanceType"] = "t3.micro", ["tags"] = new JsonObject { ["team"] = "crash" } },
        ["scaling"] = new JsonObject { ["min"] = 0, ["max"] = 1, ["desired"] = 1, ["targetCpuPercent"] = 50, ["warmupSeconds"] = 300, ["healthCheckGraceSeconds"] = 300 },
        ["alarms"] = new JsonObject { ["cpuHighPercent"] = 60, ["evaluationPeriods"] = 2, ["notifyEmails"] = new JsonArray("ops@example.com") },
        ["logs"] = new JsonObject { ["retentionDays"] = 14, ["exportSchedule"] = "rate(1 day)" },
        ["ttlHours"] = 72,
    };

    private static double Delay(Random random, CrashResumeOptions options) =>
        options.MinKillDelay + (random.NextDouble() * (options.MaxKillDelay - options.MinKillDelay));

    private static int Add(SortedSet<string> duplicates, string id, string when, IReadOnlyList<InspectedResource> found)
    {
        var these = FaultMatrix.Duplicates(found);
        foreach (var d in these)
        {
            duplicates.Add($"{id} {when}: {d}");
        }
        return these.Count;
    }

    private static Dictionary<string, int> Count(IEnumerable<string> values) =>
        values.GroupBy(v => v, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public static string Format(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "-" : string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"));

    private static async Task<HttpStatusCode> SendAsync(HttpClient http, HttpMethod method, string url, string token, JsonNode? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    private static async Task ExpectAsync(HttpClient http, HttpMethod method, string url, string token, CancellationToken cancellationToken)
    {
        var status = await SendAsync(http, method, url, token, null, cancellationToken).ConfigureAwait(false);
        if (status is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"{method} {url}: {(int)status}");
        }
    }

    private static async Task<JsonObject?> GetAsync(HttpClient http, string url, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)) as JsonObject;
    }

    private static async Task<List<ExecutionListItem>> ListAsync(IStepFunctionsClient client, string stateMachineArn, CancellationToken cancellationToken)
    {
        var all = new List<ExecutionListItem>();
        string? next = null;
        do
        {
            var page = await client.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = stateMachineArn, NextToken = next }, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Executions);
            next = page.NextToken;
        }
        while (next is not null);
        return all;
    }
}
