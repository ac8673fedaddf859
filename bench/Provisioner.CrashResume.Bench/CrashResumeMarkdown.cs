using System.Globalization;
using System.Text;

namespace Provisioner.CrashResume.Bench;

/// <summary>The "Crash-resume under load" section of RELIABILITY.md: written here, put in place of the old one.</summary>
public static class CrashResumeMarkdown
{
    public const string Header = "## Crash-resume under load";

    private const string NotMeasuredLine = "Crash-resume under load (`up` killed with SIGKILL while 20 provisions and teardowns run) is not measured yet.";

    /// <summary><paramref name="document"/> with its crash-resume section replaced by <paramref name="section"/> (or added at the end).</summary>
    public static string Replace(string document, string section)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(section);
        document = document.Replace("\r\n", "\n", StringComparison.Ordinal).Replace(NotMeasuredLine + "\n", "", StringComparison.Ordinal);
        var start = document.IndexOf(Header, StringComparison.Ordinal);
        if (start < 0)
        {
            return document.TrimEnd('\n') + "\n\n" + section;
        }
        var next = document.IndexOf("\n## ", start + Header.Length, StringComparison.Ordinal);
        return document[..start] + section + (next < 0 ? "" : document[(next + 1)..]);
    }

    public static string Section(CrashResumeReport report, DateTimeOffset started, string command)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = report.Options;
        var text = new StringBuilder();
        text.AppendLine(Header);
        text.AppendLine();
        text.AppendLine("Regenerate with (about as many minutes as the table's wall time; it rewrites only this section):");
        text.AppendLine();
        text.AppendLine("    " + command);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"""
            Run of {started:yyyy-MM-dd} (seed {o.Seed}): a `moto_server` the bench starts and owns (so the AWS state outlives
            `up`), and `provisioner up --data DIR --virtual-time` as a child process on it (`AWS_ENDPOINT_URL`), on one data
            folder for the whole run. {o.Environments} environments (the lab's example, one instance each) are created at once
            through the HTTP API by the three local users (dev-a, dev-b, admin; `--owner-quota` raised to fit them, LocalCloud's
            AWS quotas raised with `--quota-factor`), each deleted through the API as soon as it is READY, so provisions and
            teardowns run together. `up` is killed with SIGKILL {o.Kills} times, each {o.MinKillDelay:0}-{o.MaxKillDelay:0} s (real
            time, drawn from the seed) after its ready line and only while something is in flight, and restarted on the same
            folder. Time mode: `--virtual-time` (the clock jumps over every wait), so the run takes minutes of the machine's time.
            """);
        text.AppendLine();
        text.AppendLine("| | |");
        text.AppendLine("|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| environments | {o.Environments} (provisioned, then torn down) |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| executions started (provision + teardown) | {report.ExecutionsStarted} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| kills (SIGKILL) | {report.Kills.Count} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| executions' terminal statuses | {CrashResumeBench.Format(report.ExecutionStatuses)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| executions not terminal at the end | {report.StillRunning} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| registry statuses at the end | {CrashResumeBench.Format(report.FinalStatuses)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| registry/execution disagreements | {report.Disagreements.Count}{List(report.Disagreements)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| duplicates (after every kill, and at READY) | {report.Duplicates.Count}{List(report.Duplicates)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| left after teardown (inspected by tag) | {report.LeftAfterTeardown.Count}{List(report.LeftAfterTeardown)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| simulated time (first start to last stop) | {report.SimulatedSeconds / 60:0.0} min |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| wall time | {report.WallSeconds:0} s |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| result | {(report.Passed ? "pass" : "**FAIL**")} |");
        text.AppendLine();
        text.AppendLine("Per kill, what was in flight (from the API's last answer before the kill), duplicates found with `up` dead, and the restart:");
        text.AppendLine();
        text.AppendLine("| kill | at (s into the run) | into that `up` (s) | registry statuses | in flight at step | duplicates right after | restart to ready (s) | restart's repairs |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var k in report.Kills)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {k.Number} | {k.RealSeconds:0.0} | {k.UpSeconds:0.0} | {CrashResumeBench.Format(k.Statuses)} | {CrashResumeBench.Format(k.Steps)} | {k.DuplicatesAfterKill} | {k.RestartSeconds:0.0} | {Cell(k.UpLog)} |");
        }
        if (report.Notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Notes from the run:");
            text.AppendLine();
            foreach (var note in report.Notes)
            {
                text.AppendLine("- " + note);
            }
        }
        text.AppendLine();
        text.Append(Survives);
        return text.ToString();
    }

    /// <summary>What outlives `up` and how, per piece of in-process state (the part of this section that is not measured).</summary>
    private const string Survives = """
        What a restart keeps, and where. The engine's executions are append-only histories in `DIR/engine.db` (SQLite), resumed
        on start without re-running a completed Task; the scheduler's progress is `DIR/schedules.json`; the signing key of the
        local users is in `DIR` (their tokens stay valid). Added for this run:

        | state | before | now | why |
        |---|---|---|---|
        | lifecycle clocks of AMIs, snapshots, ALBs, ASG instances, targets, export tasks (`ResourceTimeline`) | memory | `DIR/localcloud.json` | moto knows none of them (it makes everything ready at once); rebuilt, a pending AMI would be `available` after a restart |
        | client-token memory (`LaunchTemplateClientToken`) | memory | `DIR/localcloud.json` | AWS remembers a token for at least 24 h; moto ignores tokens, so nothing could rebuild it |
        | export tasks and cancellations (`ExportTaskLifecycle`), the one-export-at-a-time rule | memory | `DIR/localcloud.json` (task ids; their clocks are the timeline's) | moto completes every task at once; rebuilt from moto, an active task would look finished and a second one would start |
        | ASG groups being deleted, targets draining and deregistered (`AutoScalingLifecycle`) | memory | `DIR/localcloud.json` | moto removed them already; only this memory shows the group "Delete in progress" and its instances holding their security groups |
        | security groups a deleted ALB still holds (`LoadBalancerLifecycle`) | memory | `DIR/localcloud.json` | moto frees them at once; lost, a teardown could delete a group AWS would refuse |
        | alarm action switches (`AlarmActionsSwitch`), notification configurations (`NotificationConfigurations`) | memory | `DIR/localcloud.json` | moto lacks both APIs; nothing else holds them |
        | the simulated now | `DIR/clock.json` on a clean stop only | `DIR/clock.json` every 250 ms of real time and on stop, atomically; a restart takes the later of it and `localcloud.json`'s last write | a SIGKILL skips every dispose; time must not run backwards under the clocks above |
        | executions that ended while no status handler listened | lost (the registry kept CREATING/DELETING) | replayed on start (`UpRestart.CatchUpStatusAsync`) before the reconcile | EventBridge retries the status-change event on AWS; locally the restart is that retry |
        | API rate-limit buckets (`RateLimiter`), latency draws (`LatencySampler`), injected faults (`FaultSet`) | memory | memory (lost) | buckets refill during any restart (AWS's would too); the draws only make one run repeatable, which a kill ends anyway; faults are a test's, none on `up` |

        `localcloud.json` is written after every change, before the call that made it returns, through a temporary file and a
        rename (as the scheduler writes its progress): a kill leaves the previous or the next version. A change that reached moto
        but not the file (a kill in the microseconds between) is the one loss left, and the same as a lost response: the steps
        find what a lost call made by name and tag. The CI test of the persistence itself is `LocalCloudStateTests` (a new layer
        on the same file and moto sees the same AMI clock, client token, active export task, deleting group and notification
        configuration; a layer without the file sees moto's answers); the kill loop is bench-only.

        """;

    private static string List(IReadOnlyList<string> items) =>
        items.Count == 0 ? "" : ": " + string.Join("; ", items.Take(10)) + (items.Count > 10 ? $"; ... ({items.Count - 10} more)" : "");

    private static string Cell(IReadOnlyList<string> lines) =>
        lines.Count == 0 ? "-" : string.Join("; ", lines.Select(l => l.Replace("[up] ", "", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)));
}
