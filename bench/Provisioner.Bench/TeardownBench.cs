using System.Globalization;
using System.Text;
using Provisioner.Cli.Demo;
using Provisioner.Cli.Local;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Time;
using Provisioner.StateMachine.History;

namespace Provisioner.Bench;

/// <summary>
/// One teardown of a fully provisioned environment on the virtual clock (API calls take no simulated time), with
/// the deletions LocalCloud drew for it: the Auto Scaling group's (G: its instances drain for the target group's
/// deregistration delay, then terminate; only then can the instances' security group, and after it the load
/// balancer's, go) and the load balancer's release of its network interfaces (R: until then its security group is
/// in use). F is the function timeout every Undo waits out after the teardown's start (InFlightRuns: a Run of a
/// stopped provision may still create until then).
/// </summary>
/// <param name="Makespan">Simulated seconds from the start of the teardown workflow to its end.</param>
/// <param name="Bound">The critical path: max(G, R, F) — nothing can be gone sooner.</param>
/// <param name="GroupGone">G: the group's drawn deletion (drain plus termination).</param>
/// <param name="Release">R: the load balancer's drawn release of its security group.</param>
/// <param name="LoadBalancerDeletedAfter">When the workflow called DeleteLoadBalancer, seconds after the start.</param>
/// <param name="Ends">When each Undo state last ended, seconds after the start (where the time goes).</param>
public sealed record TeardownRun(int Run, double Makespan, double Bound, double GroupGone, double Release, double FunctionTimeout,
    double GroupDeletedAfter, double LoadBalancerDeletedAfter, IReadOnlyDictionary<string, double> Ends, int Transitions, string Status)
{
    public double OverBound => Makespan / Bound - 1;

    /// <summary>Whether the wait for in-flight Runs cost nothing: the bound without F is the same.</summary>
    public bool InFlightWaitHidden => Math.Max(GroupGone, Release) >= FunctionTimeout;

    /// <summary>Whether the load balancer's security group was released by the time the group was gone, though its deletion waited out F.</summary>
    public bool ReleaseHidden => LoadBalancerDeletedAfter + Release <= GroupGone;
}

public static class TeardownBench
{
    /// <summary>The Undo states of statemachine/teardown.asl.json, chain by chain.</summary>
    public static IReadOnlyList<string> UndoStates { get; } =
    [
        "CreateAsgUndo", "CreateLaunchTemplateUndo",
        "AttachCertUndo", "CreateAlbUndo", "CreateTargetGroupUndo",
        "CreateAlarmsUndo", "ScheduleLogExportUndo", "HandOverLogs", "CreateAmiUndo",
    ];

    public static async Task<IReadOnlyList<TeardownRun>> RunAsync(int runs, int seed, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        await using var local = await LocalProvisioner.StartAsync(new LocalProvisionerOptions(VirtualTime: true, Seed: seed), cancellationToken).ConfigureAwait(false);
        var results = new List<TeardownRun>();
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

    private static async Task<TeardownRun> MeasureAsync(LocalProvisioner local, int run, TextWriter log, CancellationToken cancellationToken)
    {
        // A new environment per run, in the same emulator: each teardown leaves nothing, and a reset would also wipe
        // what the deployment made once (the schedule group, the export bucket and table).
        var spec = DemoRunner.DemoSpec(local.Cloud.Seed!);
        spec["environmentId"] = string.Create(CultureInfo.InvariantCulture, $"teardown-{run:000}");
        var provision = await local.Workflows.RunAsync(local.Workflows.ProvisionArn, spec, cancellationToken).ConfigureAwait(false);
        if (provision.Result.Status != "SUCCEEDED")
        {
            throw new InvalidOperationException($"run {run}: the provision before the teardown ended {provision.Result.Status}: {provision.Result.Error} {provision.Result.Cause}");
        }
        var start = local.Clock.GetUtcNow();
        var trace = await local.Workflows.RunAsync(local.Workflows.TeardownArn, spec, cancellationToken).ConfigureAwait(false);
        var makespan = (local.Clock.GetUtcNow() - start).TotalSeconds;
        // The worker's final export of the log group runs on after the teardown (it does not wait for it); let it end
        // before the next run resets the emulator under it.
        await local.Workflows.WaitForLogExportsAsync(cancellationToken).ConfigureAwait(false);

        var drawn = local.Cloud.Realism.Timeline.Recorded.Where(c => c.Start >= start).ToList();
        var group = First(drawn, LatencyKind.AutoScalingGroupDelete);
        var release = First(drawn, LatencyKind.LoadBalancerDelete);
        var f = LocalProvisioner.Settings(local.Cloud.Options.Region).FunctionTimeout.TotalSeconds;
        var g = group?.Duration.TotalSeconds ?? double.NaN;
        var r = release?.Duration.TotalSeconds ?? double.NaN;
        var result = new TeardownRun(run, makespan, Math.Max(Math.Max(g, r), f), g, r, f,
            group is null ? double.NaN : (group.Start - start).TotalSeconds,
            release is null ? double.NaN : (release.Start - start).TotalSeconds, Ends(trace.Events, start),
            trace.Events.Count(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal)), trace.Result.Status);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"run {run,3}: {result.Status} teardown {makespan,5:0} s, bound {result.Bound,5:0} s (+{result.OverBound:P1}; group {g:0} s at +{result.GroupDeletedAfter:0} s, release {r:0} s at +{result.LoadBalancerDeletedAfter:0} s, F {f:0} s), {result.Transitions} transitions; ends: {string.Join(", ", result.Ends.Select(e => $"{e.Key} {e.Value:0}"))}")).ConfigureAwait(false);
        return result;
    }

    private static ResourceClock? First(IReadOnlyList<ResourceClock> drawn, LatencyKind kind) =>
        drawn.Where(c => c.Kind == kind).OrderBy(c => c.Start).FirstOrDefault();

    /// <summary>When each Undo state was last exited, in seconds after <paramref name="start"/>.</summary>
    private static Dictionary<string, double> Ends(IReadOnlyList<HistoryEvent> events, DateTimeOffset start)
    {
        var ends = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var e in events.Where(e => e.Type.EndsWith("StateExited", StringComparison.Ordinal)))
        {
            if (e.Details?["name"]?.GetValue<string>() is { } name && UndoStates.Contains(name))
            {
                ends[name] = (e.Timestamp - start).TotalSeconds;
            }
        }
        return ends;
    }

    public static string Markdown(IReadOnlyList<TeardownRun> results, int runs, int seed)
    {
        ArgumentNullException.ThrowIfNull(results);
        var ok = results.Where(r => r.Status == "SUCCEEDED" && double.IsFinite(r.Bound)).ToList();
        var over = Sorted(ok.Select(r => r.OverBound));
        var slack = Sorted(ok.Select(r => r.Makespan - r.Bound));
        var transitions = Sorted(ok.Select(r => (double)r.Transitions));
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{ok.Count} of {runs} runs succeeded (seed {seed}); per run, the teardown's simulated time against that run's own draws:");
        text.AppendLine();
        text.AppendLine("| measure | median | p90 | max |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| teardown over the critical-path bound | {Quantile(over, 0.5):P1} | {Quantile(over, 0.9):P1} | {over.LastOrDefault():P1} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| seconds over the bound | {Quantile(slack, 0.5):0} | {Quantile(slack, 0.9):0} | {slack.LastOrDefault():0} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| state transitions per teardown | {Quantile(transitions, 0.5):0} | {Quantile(transitions, 0.9):0} | {transitions.LastOrDefault():0} |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Mean teardown {Mean(ok, r => r.Makespan):0} s, mean bound {Mean(ok, r => r.Bound):0} s (group gone {Mean(ok, r => r.GroupGone):0} s, load balancer's release {Mean(ok, r => r.Release):0} s, function timeout {Mean(ok, r => r.FunctionTimeout):0} s).");
        text.AppendLine(CultureInfo.InvariantCulture, $"The wait for in-flight Runs is hidden behind the group's deletion in {ok.Count(r => r.InFlightWaitHidden)} of {ok.Count} runs; the load balancer, deleted after it (median +{Quantile(Sorted(ok.Select(r => r.LoadBalancerDeletedAfter)), 0.5):0} s), had released its security group before the group was gone in {ok.Count(r => r.ReleaseHidden)}.");
        text.AppendLine();
        text.AppendLine("| Undo state ends (s after the start, median) | median | p90 |");
        text.AppendLine("|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| (the group gone, G) | {Quantile(Sorted(ok.Select(r => r.GroupGone)), 0.5):0} | {Quantile(Sorted(ok.Select(r => r.GroupGone)), 0.9):0} |");
        foreach (var state in UndoStates)
        {
            var ends = Sorted(ok.Where(r => r.Ends.ContainsKey(state)).Select(r => r.Ends[state]));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {state} | {Quantile(ends, 0.5):0} | {Quantile(ends, 0.9):0} |");
        }
        return text.ToString();
    }

    private static double Mean(List<TeardownRun> runs, Func<TeardownRun, double> value) => runs.Count == 0 ? double.NaN : runs.Average(value);

    private static List<double> Sorted(IEnumerable<double> values) => [.. values.Where(double.IsFinite).Order()];

    private static double Quantile(List<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
