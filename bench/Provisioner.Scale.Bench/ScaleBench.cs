using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Provisioner.Cli.Demo;
using Provisioner.Cli.Local;
using Provisioner.LocalCloud.Limits;
using Provisioner.LocalCloud.Realism;

namespace Provisioner.Scale.Bench;

/// <summary>One phase (provision or teardown) of N environments started at once.</summary>
/// <param name="Simulated">Simulated seconds from the first start to the last end.</param>
/// <param name="Bound">The binding rate limit's drain time plus one environment's own time alone.</param>
/// <param name="PeakRunning">Most executions running at once (sampled).</param>
/// <param name="BytesPerExecution">Managed heap growth at the sampled peak over the executions running then.</param>
public sealed record ScalePhase(string Name, int Environments, int Succeeded, int Failed, int ThrottlingFailures, double Simulated, double Alone,
    double RateBound, int MedianTransitions, int MaxTransitions, int PeakRunning, double BytesPerExecution, double RealSeconds)
{
    public double Bound => RateBound + Alone;
    public double OverBound => Simulated / Bound;
}

public static class ScaleBench
{
    public static async Task<IReadOnlyList<ScalePhase>> RunAsync(int environments, int seed, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        await using var local = await LocalProvisioner.StartAsync(new LocalProvisionerOptions(VirtualTime: true, Seed: seed), cancellationToken).ConfigureAwait(false);
        // An operator's quota increase for the load test (AWS's defaults: 50 ALBs per region would stop it at 50).
        local.Cloud.Realism.Quotas = new ServiceQuotas().Raised(Math.Max(1, (environments + 49) / 50));
        if (!local.Cloud.Realism.RateLimits.Enabled)
        {
            throw new InvalidOperationException("LocalCloud's rate limits are off: the bench measures them.");
        }
        var seedInfo = local.Cloud.Seed!;

        // One environment alone: its provision and teardown times are the critical path added to each bound.
        var alone = Spec(seedInfo, "solo");
        var aloneProvision = await TimedAsync(local, local.Workflows.ProvisionArn, alone, "solo-g1-provision-1", cancellationToken).ConfigureAwait(false);
        var aloneTeardown = await TimedAsync(local, local.Workflows.TeardownArn, alone, "solo-g1-teardown-1", cancellationToken).ConfigureAwait(false);
        await local.Workflows.WaitForLogExportsAsync(cancellationToken).ConfigureAwait(false);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"alone: provision {aloneProvision.Seconds:0} s {aloneProvision.Status}, teardown {aloneTeardown.Seconds:0} s {aloneTeardown.Status}")).ConfigureAwait(false);
        local.Cloud.Realism.RateLimits.Reset();

        var specs = Enumerable.Range(1, environments).Select(i => Spec(seedInfo, $"scale-{i:000}")).ToList();
        var provision = await PhaseAsync(local, "provision", local.Workflows.ProvisionArn, specs, "provision", aloneProvision.Seconds,
            RateBound(environments, "elasticloadbalancing", "CreateLoadBalancer"), log, cancellationToken).ConfigureAwait(false);
        local.Cloud.Realism.RateLimits.Reset();
        var teardown = await PhaseAsync(local, "teardown", local.Workflows.TeardownArn, specs, "teardown", aloneTeardown.Seconds,
            RateBound(environments, "elasticloadbalancing", "DeleteLoadBalancer"), log, cancellationToken).ConfigureAwait(false);
        return [provision, teardown];
    }

    /// <summary>(n - burst) / rate of the bucket an action draws on: the soonest n such calls can all be accepted.</summary>
    public static double RateBound(int calls, string service, string action)
    {
        var rule = RateLimitTable.Find(service, action, unfiltered: false) ?? throw new InvalidOperationException($"no rate limit for {service}:{action}");
        return Math.Max(0, calls - rule.Capacity) / rule.RefillPerSecond;
    }

    private static JsonNode Spec(Provisioner.LocalCloud.Seeding.SeedInfo seed, string environmentId)
    {
        var spec = DemoRunner.DemoSpec(seed);
        spec["environmentId"] = environmentId;
        return spec;
    }

    private static async Task<(double Seconds, string Status)> TimedAsync(LocalProvisioner local, string arn, JsonNode spec, string name, CancellationToken cancellationToken)
    {
        var start = local.Clock.GetUtcNow();
        var trace = await local.Workflows.RunAsync(arn, spec, cancellationToken, name).ConfigureAwait(false);
        if (trace.Result.Status != "SUCCEEDED")
        {
            throw new InvalidOperationException($"{name} alone ended {trace.Result.Status}: {trace.Result.Error} {trace.Result.Cause}");
        }
        return ((local.Clock.GetUtcNow() - start).TotalSeconds, trace.Result.Status);
    }

    private static async Task<ScalePhase> PhaseAsync(LocalProvisioner local, string phase, string arn, List<JsonNode> specs, string verb,
        double alone, double rateBound, TextWriter log, CancellationToken cancellationToken)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var wall = Stopwatch.StartNew();
        var start = local.Clock.GetUtcNow();
        var runs = specs.Select(s => local.Workflows.RunAsync(arn, s, cancellationToken, $"{(string)s["environmentId"]!}-g1-{verb}-1")).ToList();
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var peak = (Running: 0, Bytes: 0L);
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var running = (await local.Workflows.Engine.ListExecutionsAsync(arn, "RUNNING").ConfigureAwait(false)).Count;
                var bytes = GC.GetTotalMemory(forceFullCollection: false) - heapBefore;
                if (running > peak.Running)
                {
                    peak = (running, bytes);
                }
                try
                {
                    // Real time: a sample of the process, not of the simulation.
                    await Task.Delay(TimeSpan.FromMilliseconds(250), sampling.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }, CancellationToken.None);
        var traces = await Task.WhenAll(runs).ConfigureAwait(false);
        var simulated = (local.Clock.GetUtcNow() - start).TotalSeconds;
        await sampling.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        if (phase == "teardown")
        {
            await local.Workflows.WaitForLogExportsAsync(cancellationToken).ConfigureAwait(false);
        }
        wall.Stop();
        var failed = traces.Where(t => t.Result.Status != "SUCCEEDED").ToList();
        foreach (var f in failed.Take(5))
        {
            await log.WriteLineAsync($"{phase} failed: {f.Result.Error}: {f.Result.Cause}").ConfigureAwait(false);
        }
        var throttled = failed.Count(t => (t.Result.Cause ?? "").Contains("Throttl", StringComparison.OrdinalIgnoreCase)
            || (t.Result.Cause ?? "").Contains("RequestLimitExceeded", StringComparison.Ordinal));
        var transitions = traces.Select(t => t.Events.Count(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal))).Order().ToList();
        var result = new ScalePhase(phase, specs.Count, traces.Length - failed.Count, failed.Count, throttled, simulated, alone, rateBound,
            transitions[transitions.Count / 2], transitions[^1], peak.Running, peak.Running == 0 ? double.NaN : (double)peak.Bytes / peak.Running, wall.Elapsed.TotalSeconds);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{phase}: {result.Succeeded}/{result.Environments} succeeded, {result.Failed} failed ({throttled} by throttling), {simulated:0} s simulated against bound {result.Bound:0} s ({result.OverBound:0.000}x), {wall.Elapsed.TotalSeconds:0} s real")).ConfigureAwait(false);
        return result;
    }

    public static string Markdown(IReadOnlyList<ScalePhase> phases, int seed)
    {
        ArgumentNullException.ThrowIfNull(phases);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Seed {seed}; LocalCloud's rate limits on, quotas raised; all environments started at once on the virtual clock.");
        text.AppendLine();
        text.AppendLine("| phase | environments | succeeded | failed | failed by throttling | simulated | bound (rate drain + alone) | over bound | transitions per env (median / max) | peak running | managed heap per running execution | real time |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var p in phases)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {p.Name} | {p.Environments} | {p.Succeeded} | {p.Failed} | {p.ThrottlingFailures} | {p.Simulated:0} s | {p.Bound:0} s ({p.RateBound:0} + {p.Alone:0}) | {p.OverBound:0.000}x | {p.MedianTransitions} / {p.MaxTransitions} | {p.PeakRunning} | {p.BytesPerExecution / 1024:0} KiB | {p.RealSeconds:0} s |");
        }
        return text.ToString();
    }
}
