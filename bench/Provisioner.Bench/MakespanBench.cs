using System.Globalization;
using System.Text;
using Provisioner.Cli.Demo;
using Provisioner.Cli.Local;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Time;

namespace Provisioner.Bench;

/// <summary>
/// One provisioning on the virtual clock (API calls take no simulated time), with the lifecycle durations
/// LocalCloud drew for it: the AMI (A), the load balancer (L), the instance launch (I) and the first passing
/// health check (P).
/// </summary>
/// <param name="Makespan">Simulated seconds from the start of the provision workflow to its end.</param>
/// <param name="Bound">The critical path: max(A + I, L) + P — nothing can be healthy sooner.</param>
/// <param name="Sequential">The design card's chain, each step waiting for the previous one: A + L + I + P.</param>
public sealed record MakespanRun(int Run, double Makespan, double Bound, double Sequential, int Transitions, string Status)
{
    public double OverBound => Makespan / Bound - 1;
}

public static class MakespanBench
{
    public static async Task<IReadOnlyList<MakespanRun>> RunAsync(int runs, int seed, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        await using var local = await LocalProvisioner.StartAsync(new LocalProvisionerOptions(VirtualTime: true, Seed: seed), cancellationToken).ConfigureAwait(false);
        var results = new List<MakespanRun>();
        for (var run = 1; run <= runs; run++)
        {
            try
            {
                results.Add(await MeasureAsync(local, run, log, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A busy machine can time out a call to moto itself; that run measures nothing about the workflow.
                await log.WriteLineAsync($"run {run,3}: not measured ({ex.GetType().Name}: {ex.Message})").ConfigureAwait(false);
            }
        }
        return results;
    }

    private static async Task<MakespanRun> MeasureAsync(LocalProvisioner local, int run, TextWriter log, CancellationToken cancellationToken)
    {
        if (run > 1)
        {
            await local.Cloud.ResetAsync(cancellationToken).ConfigureAwait(false);
        }
        var spec = DemoRunner.DemoSpec(local.Cloud.Seed!);
        var start = local.Clock.GetUtcNow();
        var trace = await local.Workflows.RunAsync(local.Workflows.ProvisionArn, spec, cancellationToken).ConfigureAwait(false);
        var makespan = (local.Clock.GetUtcNow() - start).TotalSeconds;
        var drawn = local.Cloud.Realism.Timeline.All.Where(c => c.Start >= start).ToList();
        var a = Duration(drawn, LatencyKind.ImageAvailable, "image:");
        var l = Duration(drawn, LatencyKind.LoadBalancerActive, "");
        var i = Duration(drawn, LatencyKind.InstanceInService, "");
        var p = Duration(drawn, LatencyKind.TargetHealthy, "target-check:");
        var result = new MakespanRun(run, makespan, Math.Max(a + i, l) + p, a + l + i + p,
            trace.Events.Count(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal)), trace.Result.Status);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"run {run,3}: {result.Status} makespan {makespan,6:0} s, bound {result.Bound,6:0} s (+{result.OverBound:P1}), sequential {result.Sequential,6:0} s, {result.Transitions} transitions")).ConfigureAwait(false);
        return result;
    }

    /// <summary>The first drawn duration of a kind (with a key prefix, when a kind serves two purposes).</summary>
    private static double Duration(IReadOnlyList<ResourceClock> drawn, LatencyKind kind, string keyPrefix) =>
        drawn.Where(c => c.Kind == kind && c.Key.StartsWith(keyPrefix, StringComparison.Ordinal))
            .OrderBy(c => c.Start)
            .Select(c => c.Duration.TotalSeconds)
            .FirstOrDefault(double.NaN);

    public static string Markdown(IReadOnlyList<MakespanRun> results, int runs, int seed)
    {
        ArgumentNullException.ThrowIfNull(results);
        var ok = results.Where(r => r.Status == "SUCCEEDED" && double.IsFinite(r.Bound)).ToList();
        var over = ok.Select(r => r.OverBound).Order().ToList();
        var speedup = ok.Select(r => r.Sequential / r.Makespan).Order().ToList();
        var transitions = ok.Select(r => (double)r.Transitions).Order().ToList();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{ok.Count} of {runs} runs succeeded (seed {seed}); per run, the workflow's simulated provisioning time against that run's own draws:");
        text.AppendLine();
        text.AppendLine("| measure | median | p90 | max |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| makespan over the critical-path bound | {Quantile(over, 0.5):P1} | {Quantile(over, 0.9):P1} | {over.LastOrDefault():P1} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| strictly sequential time / makespan | {Quantile(speedup, 0.5):0.00}x | {Quantile(speedup, 0.9):0.00}x | {speedup.LastOrDefault():0.00}x |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| state transitions per environment | {Quantile(transitions, 0.5):0} | {Quantile(transitions, 0.9):0} | {transitions.LastOrDefault():0} |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Mean makespan {ok.Average(r => r.Makespan):0} s, mean bound {ok.Average(r => r.Bound):0} s, mean sequential {ok.Average(r => r.Sequential):0} s.");
        return text.ToString();
    }

    private static double Quantile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
