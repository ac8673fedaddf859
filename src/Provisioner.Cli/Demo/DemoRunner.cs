using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Cli.Local;
using Provisioner.Core.Spec;
using Provisioner.Core.Validation;
using Provisioner.LocalCloud.Seeding;
using Provisioner.StateMachine;

namespace Provisioner.Cli.Demo;

/// <summary>
/// <c>provisioner demo</c>: LocalCloud up, both state machines on the local engine with the step handlers in
/// process, the example environment provisioned (progress on stderr), a summary, the teardown, and what is
/// left (nothing). Everything runs on one clock, scaled so minutes of AWS time take seconds.
/// </summary>
public sealed class DemoRunner(DemoOptions options, CliIo io)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await io.Error.WriteLineAsync(problem).ConfigureAwait(false);
            }
            return ExitCodes.InvalidInput;
        }

        var wall = Stopwatch.StartNew();
        await Progress(options.VirtualTime
            ? $"LocalCloud: starting moto_server (virtual time, seed {options.Seed})"
            : $"LocalCloud: starting moto_server (time scale {options.TimeScale.ToString(CultureInfo.InvariantCulture)}x, seed {options.Seed})").ConfigureAwait(false);
        StepTimeline? timeline = null;
        await using var local = await LocalProvisioner.StartAsync(
            new LocalProvisionerOptions(options.TimeScale, options.VirtualTime, options.Seed, Paused: true, WrapHandlers: (handlers, clock) =>
            {
                timeline = new StepTimeline(clock, clock.GetUtcNow(), ReportStep);
                return timeline.Wrap(InjectedFaults.Apply(handlers, options.FailAt, options.FailUndo));
            }),
            cancellationToken).ConfigureAwait(false);
        var (cloud, workflows, clock) = (local.Cloud, local.Workflows, local.Clock);
        await Progress($"LocalCloud: {cloud.Endpoint} with the lab's app server {cloud.Seed!.InstanceId} in {cloud.Seed.VpcId}").ConfigureAwait(false);
        var spec = DemoSpec(cloud.Seed);
        var environmentId = (string)spec["environmentId"]!;
        var steps = timeline!;
        var origin = steps.Origin;
        var provisioning = true;
        workflows.ExecutionStatusChanged += execution =>
        {
            // The demo's own run ended: stop the clock now, while the execution still holds it, so the time until
            // the next run starts (reports, the machine's speed) never shows on the timeline.
            var ownRun = provisioning ? execution.StateMachineArn == workflows.ProvisionArn : execution.StateMachineArn == workflows.TeardownArn;
            if (ownRun && execution.Status != "RUNNING")
            {
                clock.Paused = true;
            }

            // A teardown while the provision runs is its rollback (the engine's startExecution.sync:2 child).
            if (provisioning && execution.StateMachineArn == workflows.TeardownArn)
            {
                _ = Progress(execution.Status == "RUNNING" ? "rolling back: running the teardown workflow" : $"rollback finished: {execution.Status}");
            }
        };

        await Progress($"provisioning '{environmentId}'").ConfigureAwait(false);
        // The clock runs only while a workflow does, so the timeline is the workflows' alone.
        // (The status callback above pauses it again the moment the run ends.)
        var provision = await workflows.RunAsync(workflows.ProvisionArn, spec, cancellationToken, onStarted: () => clock.Paused = false).ConfigureAwait(false);
        provisioning = false;
        var transitions = provision.Events.Count(e => e.Type.EndsWith("Entered", StringComparison.Ordinal));
        var output = provision.Result.OutputJson is null ? null : JsonNode.Parse(provision.Result.OutputJson);
        await Progress($"provision workflow {provision.Result.Status} after {Seconds(clock, origin)} ({transitions} state transitions)").ConfigureAwait(false);

        string status;
        // The report's simulated time is the workflows' (provision and teardown), not the final export's after them.
        DateTimeOffset? workflowsEnd = null;
        if (provision.Result.Status == "SUCCEEDED")
        {
            if (!options.Json)
            {
                await WriteSummaryAsync(output!).ConfigureAwait(false);
            }
            if (options.Keep)
            {
                clock.Paused = false; // the environment lives on: its instances, targets and alarms go on in time
                return await KeepAsync(cloud, environmentId, steps, output, transitions, clock, origin, wall, cancellationToken).ConfigureAwait(false);
            }
            await Progress($"tearing down '{environmentId}'").ConfigureAwait(false);
            var teardown = await workflows.RunAsync(workflows.TeardownArn, spec, cancellationToken, onStarted: () => clock.Paused = false).ConfigureAwait(false);
            await Progress($"teardown workflow {teardown.Result.Status} after {Seconds(clock, origin)}").ConfigureAwait(false);
            workflowsEnd = clock.GetUtcNow();
            // The teardown handed the log group to the log-export worker and did not wait for it; the demo does, so
            // what it reports as left behind is the truth after the final export deleted the group.
            await Progress("log export: waiting for the worker's final export of the log group (then it deletes the group)").ConfigureAwait(false);
            clock.Paused = false;
            await workflows.WaitForLogExportsAsync(cancellationToken).ConfigureAwait(false);
            clock.Paused = true;
            await Progress($"log export: final export done after {Seconds(clock, origin)} (s3://{LocalProvisioner.Settings(cloud.Options.Region).LogExportBucket}/{environmentId}/)").ConfigureAwait(false);
            status = teardown.Result.Status == "SUCCEEDED" ? DemoOutcome.Succeeded : DemoOutcome.TeardownFailed;
        }
        else
        {
            status = provision.Result.Error == "RollbackFailed" ? DemoOutcome.RollbackFailed : DemoOutcome.RolledBack;
        }

        var leaked = (await cloud.Inspection.ListAsync(environmentId, cancellationToken).ConfigureAwait(false))
            .Select(r => r.ToString()).ToList();
        if (leaked.Count > 0 && status is DemoOutcome.Succeeded or DemoOutcome.RolledBack)
        {
            // The workflow says everything is gone but inspection disagrees: inspection is the truth.
            status = status == DemoOutcome.Succeeded ? DemoOutcome.TeardownFailed : DemoOutcome.RollbackFailed;
        }
        await Progress(leaked.Count == 0
            ? $"left behind: nothing (inspection of every resource tagged provisioner:environment={environmentId})"
            : $"left behind: {leaked.Count} resource(s): {string.Join("; ", leaked)}").ConfigureAwait(false);

        var report = new DemoReport(
            environmentId, status, Steps(steps), output?["resources"]?.AsObject(), leaked,
            Math.Round(((workflowsEnd ?? clock.GetUtcNow()) - origin).TotalSeconds, 1), Math.Round(wall.Elapsed.TotalSeconds, 2), transitions,
            provision.Result.Error, provision.Result.Cause);
        await WriteReportAsync(report).ConfigureAwait(false);
        return DemoOutcome.ExitCode(status);
    }

    private async Task<int> KeepAsync(LocalCloud.LocalCloud cloud, string environmentId, StepTimeline timeline, JsonNode? output,
        int transitions, TimeProvider clock, DateTimeOffset origin, Stopwatch wall, CancellationToken cancellationToken)
    {
        var report = new DemoReport(environmentId, DemoOutcome.Succeeded, Steps(timeline), output?["resources"]?.AsObject(), null,
            Math.Round((clock.GetUtcNow() - origin).TotalSeconds, 1), Math.Round(wall.Elapsed.TotalSeconds, 2), transitions, null, null);
        await WriteReportAsync(report).ConfigureAwait(false);
        await Progress($"--keep: the environment stays up on {cloud.Endpoint} until Ctrl+C " +
            $"(try: AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing /usr/bin/aws --endpoint-url {cloud.Endpoint} --region {cloud.Options.Region} elbv2 describe-load-balancers)").ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: LocalCloud stops with the process.
        }
        return DemoOutcome.ExitCode(DemoOutcome.Succeeded);
    }

    /// <summary>The example environment, pointed at LocalCloud's lab: its app server, VPC and subnets.</summary>
    public static JsonNode DemoSpec(SeedInfo seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("examples/lab.json")
            ?? throw new InvalidOperationException("examples/lab.json is not embedded in the CLI.");
        var document = JsonNode.Parse(stream)!.AsObject();
        document["source"] = new JsonObject { ["instanceId"] = seed.InstanceId, ["noReboot"] = false };
        document["network"] = new JsonObject
        {
            ["vpcId"] = seed.VpcId,
            ["subnetIds"] = new JsonArray(seed.SubnetIds.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
        };
        var result = new EnvironmentSpecValidator().Validate(document.ToJsonString());
        if (!result.IsValid)
        {
            throw new InvalidOperationException("The demo spec is invalid: " + string.Join("; ", result.Errors));
        }
        return JsonSerializer.SerializeToNode(result.Spec, SpecJsonContext.Default.EnvironmentSpec)!;
    }

    private static List<DemoStep> Steps(StepTimeline timeline) =>
        timeline.Steps().Select(s => new DemoStep(s.Name, s.Status, s.StartedAtSeconds, s.DurationSeconds)).ToList();

    private async Task WriteSummaryAsync(JsonNode output)
    {
        var resources = output["resources"]!;
        var rows = new (string What, string? Value)[]
        {
            ("environment", (string?)output["environmentId"]),
            ("DNS name", (string?)output["dnsName"]),
            ("AMI", (string?)resources["image"]?["amiId"]),
            ("target group", (string?)resources["targetGroup"]?["targetGroupArn"]),
            ("load balancer", (string?)resources["loadBalancer"]?["loadBalancerArn"]),
            ("certificate", (string?)resources["certificate"]?["certificateArn"]),
            ("HTTPS listener", (string?)resources["certificate"]?["httpsListenerArn"]),
            ("launch template", (string?)resources["launchTemplate"]?["launchTemplateId"]),
            ("Auto Scaling group", (string?)resources["autoScalingGroup"]?["autoScalingGroupName"]),
            ("alarm topic", (string?)resources["alarms"]?["topicArn"]),
            ("log group", (string?)resources["logs"]?["logGroupName"]),
            ("export schedule", (string?)resources["logs"]?["scheduleName"]),
        };
        var width = rows.Max(r => r.What.Length);
        await io.Out.WriteLineAsync().ConfigureAwait(false);
        foreach (var (what, value) in rows)
        {
            await io.Out.WriteLineAsync($"  {what.PadRight(width)}  {value ?? "-"}").ConfigureAwait(false);
        }
        await io.Out.WriteLineAsync().ConfigureAwait(false);
    }

    private async Task WriteReportAsync(DemoReport report)
    {
        if (options.Json)
        {
            await io.Out.WriteLineAsync(JsonSerializer.Serialize(report, DemoJsonContext.Default.DemoReport)).ConfigureAwait(false);
            return;
        }
        await io.Out.WriteLineAsync($"{report.Status}: {report.EnvironmentId} in {report.SimulatedSeconds.ToString("0", CultureInfo.InvariantCulture)} simulated s " +
            $"({report.WallSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s wall), {report.StateTransitions} state transitions to provision").ConfigureAwait(false);
        var width = report.Steps.Count == 0 ? 0 : report.Steps.Max(s => s.Name.Length);
        foreach (var step in report.Steps)
        {
            await io.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {step.Name.PadRight(width)}  {step.Status,-9}  at {step.StartedAtSeconds,6:0.0} s  for {step.DurationSeconds,6:0.0} s")).ConfigureAwait(false);
        }
        if (report.Error is not null)
        {
            await io.Out.WriteLineAsync($"  failure: {report.Error}: {report.Cause}").ConfigureAwait(false);
        }
        if (report.LeakedResources is { } leaked)
        {
            await io.Out.WriteLineAsync(leaked.Count == 0 ? "  left behind: nothing" : "  left behind: " + string.Join(", ", leaked)).ConfigureAwait(false);
        }
    }

    private void ReportStep(StepEvent e)
    {
        var line = e.Error is null ? $"{e.Step} {e.What}" : $"{e.Step} failed: {e.Error}";
        lock (io.Error)
        {
            io.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{e.AtSeconds,7:0.0} s] {line}"));
        }
    }

    private Task Progress(string message)
    {
        lock (io.Error)
        {
            io.Error.WriteLine($"[demo] {message}");
        }
        return Task.CompletedTask;
    }

    private static string Seconds(TimeProvider clock, DateTimeOffset origin) =>
        string.Create(CultureInfo.InvariantCulture, $"{(clock.GetUtcNow() - origin).TotalSeconds:0} simulated s");
}
