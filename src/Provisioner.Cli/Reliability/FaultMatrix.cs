using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Provisioner.Cli.Demo;
using Provisioner.Cli.Local;
using Provisioner.Core.Naming;
using Provisioner.Functions.Handlers;
using Provisioner.LocalCloud.Faults;
using Provisioner.LocalCloud.Inspection;
using Provisioner.StateMachine;

namespace Provisioner.Cli.Reliability;

/// <summary>The faults of the matrix: what AWS or the function does to one step's Run or Undo.</summary>
public enum MatrixFault
{
    /// <summary>A non-retryable AWS error (access denied) on the step's main call, every time it is made.</summary>
    AwsError,

    /// <summary>Throttling on the step's main call for longer than the client's retries (a burst of calls).</summary>
    ThrottlingBurst,

    /// <summary>5xx answers on the step's main call for longer than the client's retries.</summary>
    ServerErrorBurst,

    /// <summary>The main call takes effect, its answer is lost (the caller gets a timeout).</summary>
    LostResponse,

    /// <summary>The function makes its AWS calls, then its process dies before it returns (<c>Runtime.ExitError</c>).</summary>
    CrashAfterCall,

    /// <summary>The function makes its AWS calls, then hangs until Lambda's timeout stops it (reported as <c>Provisioner.Transient</c>, as the bootstrap does).</summary>
    FunctionTimeout,
}

/// <summary>One cell: a fault on one step's Run or Undo.</summary>
public sealed record MatrixCell(string Step, bool Undo, MatrixFault Fault)
{
    public string Handler => Step + (Undo ? ".Undo" : ".Run");

    public override string ToString() => $"{Handler} x {Fault}";
}

/// <summary>What one cell ended in, and what it left.</summary>
/// <param name="Outcome">READY, ROLLED_BACK or ROLLBACK_FAILED for a Run cell; DELETED or DELETE_FAILED for an Undo cell.</param>
/// <param name="Leaked">What inspection finds once the cell's executions ended (a READY environment's own resources excluded).</param>
/// <param name="Duplicated">Kinds with more resources than one environment makes (two images, two load balancers...).</param>
/// <param name="LeftAfterCleanup">What inspection finds after the faults are cleared and the environment is torn down again.</param>
/// <param name="Stuck">Executions of the engine not in a terminal status after the cell.</param>
public sealed record CellResult(
    MatrixCell Cell,
    string Outcome,
    string? Error,
    IReadOnlyList<string> Leaked,
    IReadOnlyList<string> Duplicated,
    IReadOnlyList<string> LeftAfterCleanup,
    int Stuck,
    double SimulatedSeconds,
    int Transitions,
    int FaultHits,
    string? Cause)
{
    /// <summary>Fully up or fully gone, nothing duplicated, nothing stuck, and nothing left once torn down.</summary>
    public bool Passed =>
        Duplicated.Count == 0 && Stuck == 0 && LeftAfterCleanup.Count == 0 &&
        Outcome switch
        {
            "READY" or "ROLLED_BACK" or "DELETED" => Leaked.Count == 0,
            // Only a permanent fault may fail a rollback or teardown, and then with a cause naming what is left or
            // could not be checked; a transient one (bursts, lost answers, crashes, timeouts) must be ridden out.
            "ROLLBACK_FAILED" or "DELETE_FAILED" => Cell.Fault == MatrixFault.AwsError && Cause is not null,
            _ => false,
        };
}

/// <summary>
/// The fault matrix: every step's Run and Undo against every <see cref="MatrixFault"/>, each cell on a fresh
/// LocalCloud (moto + realism) and the deployed state machines on the local engine, on virtual time. Run cells
/// provision with the fault armed; Undo cells provision cleanly, then tear down with the fault armed (a rollback is
/// the same teardown workflow, run as the provision's child, so its Undo functions are the ones measured). Every
/// cell then clears the fault and tears down again, and inspection must find nothing.
/// </summary>
public static class FaultMatrix
{
    private const string EnvironmentId = "shop-dev";

    /// <summary>Each step's main AWS call for its Run and its Undo, by the signing name and action LocalCloud matches faults on.</summary>
    private static readonly Dictionary<string, (string Service, string Run, string? Undo)> MainCalls = new(StringComparer.Ordinal)
    {
        [StepNames.CreateAmi] = ("ec2", "CreateImage", "DeregisterImage"),
        [StepNames.WaitAvailable] = ("ec2", "DescribeImages", null),
        [StepNames.CreateTargetGroup] = ("elasticloadbalancing", "CreateTargetGroup", "DeleteTargetGroup"),
        [StepNames.CreateAlb] = ("elasticloadbalancing", "CreateLoadBalancer", "DeleteLoadBalancer"),
        [StepNames.AttachCert] = ("acm", "ImportCertificate", "DeleteCertificate"),
        [StepNames.CreateLaunchTemplate] = ("ec2", "CreateLaunchTemplate", "DeleteLaunchTemplate"),
        [StepNames.CreateAsg] = ("autoscaling", "CreateAutoScalingGroup", "DeleteAutoScalingGroup"),
        [StepNames.CreateAlarms] = ("monitoring", "PutMetricAlarm", "DeleteAlarms"),
        [StepNames.ScheduleLogExport] = ("scheduler", "CreateSchedule", "DeleteSchedule"),
    };

    /// <summary>A burst longer than any client's retries (the SDK pipeline's attempts) and the workflow's first retries.</summary>
    public const int BurstLength = 12;

    private static readonly bool[] Phases = [false, true];

    /// <summary>Every cell: nine Runs and eight Undos (WaitAvailable has none) by six faults.</summary>
    public static IReadOnlyList<MatrixCell> AllCells() =>
        [.. from step in StepNames.All
            from undo in Phases
            where !undo || MainCalls[step].Undo is not null
            from fault in Enum.GetValues<MatrixFault>()
            select new MatrixCell(step, undo, fault)];

    public static async Task<CellResult> RunCellAsync(MatrixCell cell, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cell);
        using var hung = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var armed = new ArmedHandler(cell, hung.Token);
        await using var local = await LocalProvisioner.StartAsync(
            new LocalProvisionerOptions(VirtualTime: true, Seed: seed, WrapHandlers: (handlers, clock) => armed.Wrap(handlers, (Provisioner.StateMachine.Timing.VirtualClock)clock)),
            cancellationToken).ConfigureAwait(false);
        var workflows = local.Workflows;
        var spec = DemoRunner.DemoSpec(local.Cloud.Seed!);
        var start = local.Clock.GetUtcNow();
        Fault? fault = null;
        try
        {
            string outcome;
            ExecutionTraceSummary run;
            if (!cell.Undo)
            {
                fault = Arm(local, cell, armed);
                run = await RunAsync(workflows, workflows.ProvisionArn, spec, $"{EnvironmentId}-g1-provision-1", cancellationToken).ConfigureAwait(false);
                outcome = run.Status == "SUCCEEDED" ? "READY" : run.Error == "RollbackFailed" ? "ROLLBACK_FAILED" : "ROLLED_BACK";
            }
            else
            {
                var provision = await RunAsync(workflows, workflows.ProvisionArn, spec, $"{EnvironmentId}-g1-provision-1", cancellationToken).ConfigureAwait(false);
                if (provision.Status != "SUCCEEDED")
                {
                    throw new InvalidOperationException($"{cell}: the clean provision before the teardown failed: {provision.Error} {provision.Cause}");
                }
                start = local.Clock.GetUtcNow();
                fault = Arm(local, cell, armed);
                run = await RunAsync(workflows, workflows.TeardownArn, spec, $"{EnvironmentId}-g1-teardown-1", cancellationToken).ConfigureAwait(false);
                outcome = run.Status == "SUCCEEDED" ? "DELETED" : "DELETE_FAILED";
            }
            var simulated = (local.Clock.GetUtcNow() - start).TotalSeconds;
            var hits = (fault?.Hits ?? 0) + armed.Hits;
            local.Cloud.Faults.Clear();
            armed.Disarm();

            // A teardown hands the log group to the log-export worker: what is left is judged once its final export ran.
            await workflows.WaitForLogExportsAsync(cancellationToken).ConfigureAwait(false);
            var found = await local.Cloud.Inspection.ListAsync(EnvironmentId, cancellationToken).ConfigureAwait(false);
            var duplicated = Duplicates(found);
            var leaked = outcome == "READY" ? [] : found.Where(r => r.Type != InspectedTypes.Snapshot).Select(r => r.ToString()).ToList();
            var stuck = await StuckAsync(local).ConfigureAwait(false);

            // Clear the fault, tear down again: nothing may be left.
            var cleanup = await RunAsync(workflows, workflows.TeardownArn, new JsonObject { ["environmentId"] = EnvironmentId },
                $"{EnvironmentId}-g1-teardown-9", cancellationToken).ConfigureAwait(false);
            await workflows.WaitForLogExportsAsync(cancellationToken).ConfigureAwait(false);
            var left = (await local.Cloud.Inspection.ListAsync(EnvironmentId, cancellationToken).ConfigureAwait(false)).Select(r => r.ToString()).ToList();
            if (cleanup.Status != "SUCCEEDED")
            {
                left.Add($"(the clean-up teardown ended {cleanup.Status}: {cleanup.Error}: {Provisioner.Core.Validation.Printable.Cut(cleanup.Cause ?? "", 400)})");
            }
            return new CellResult(cell, outcome, run.Error, leaked, duplicated, left, stuck, Math.Round(simulated, 1), run.Transitions, hits, run.Cause);
        }
        finally
        {
            await hung.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs every cell in order; <paramref name="progress"/> hears of each as it ends.</summary>
    public static async Task<IReadOnlyList<CellResult>> RunAsync(IEnumerable<MatrixCell> cells, int seed, Action<CellResult>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var results = new List<CellResult>();
        foreach (var cell in cells)
        {
            var result = await RunCellAsync(cell, seed, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            progress?.Invoke(result);
        }
        return results;
    }

    /// <summary>The table of RELIABILITY.md: one row per cell, and a summary line.</summary>
    public static string Markdown(IReadOnlyList<CellResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        var passed = results.Count(r => r.Passed);
        text.Append(CultureInfo.InvariantCulture, $"{passed} of {results.Count} cells passed: fully up, or fully gone, or (a permanent Undo fault) failed naming what is left and cleared by the next teardown; ");
        text.Append(CultureInfo.InvariantCulture, $"{results.Sum(r => r.Duplicated.Count)} duplicated, {results.Sum(r => r.Stuck)} executions stuck, ");
        text.AppendLine(CultureInfo.InvariantCulture, $"{results.Sum(r => r.LeftAfterCleanup.Count)} resources left after the clean-up teardowns.");
        text.AppendLine();
        text.AppendLine("| step | fault | outcome | error | fault hits | leaked (before clean-up) | duplicated | stuck | simulated s | transitions | left after clean-up | pass | cause (cut) |");
        text.AppendLine("|---|---|---|---|---:|---|---|---:|---:|---:|---|---|---|");
        foreach (var r in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Cell.Handler} | {r.Cell.Fault} | {r.Outcome} | {r.Error ?? ""} | {r.FaultHits} | {List(r.Leaked)} | {List(r.Duplicated)} | {r.Stuck} | {r.SimulatedSeconds:0.0} | {r.Transitions} | {List(r.LeftAfterCleanup)} | {(r.Passed ? "yes" : "**no**")} | {Cell(r.Cause)} |");
        }
        return text.ToString();
    }

    private static string Cell(string? text) =>
        text is null ? "" : Provisioner.Core.Validation.Printable.Cut(text, 300).Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "0" : $"{items.Count}: {string.Join("; ", items).Replace("|", "\\|", StringComparison.Ordinal)}";

    private static Fault? Arm(LocalProvisioner local, MatrixCell cell, ArmedHandler armed)
    {
        var (service, run, undo) = MainCalls[cell.Step];
        var action = cell.Undo ? undo! : run;
        Fault? Add(Fault fault) => local.Cloud.Faults.Add(fault);
        switch (cell.Fault)
        {
            case MatrixFault.AwsError:
                var code = service switch
                {
                    "ec2" => "UnauthorizedOperation",
                    "acm" or "scheduler" => "AccessDeniedException",
                    _ => "AccessDenied",
                };
                return Add(new Fault(service, action, FaultKind.Error, times: 1000) { ErrorCode = code, HttpStatus = 403, ErrorMessage = $"Injected: not authorized to perform {action}." });
            case MatrixFault.ThrottlingBurst:
                return Add(new Fault(service, action, FaultKind.Throttle, BurstLength));
            case MatrixFault.ServerErrorBurst:
                return Add(new Fault(service, action, FaultKind.Error, BurstLength) { ErrorCode = "InternalFailure", HttpStatus = 500, ErrorMessage = "Injected: internal failure." });
            case MatrixFault.LostResponse:
                return Add(new Fault(service, action, FaultKind.LostResponse) { LostAs = LostResponseMode.Timeout });
            default:
                armed.Arm();
                return null;
        }
    }

    /// <summary>Kinds of which one environment makes exactly one (listeners, alarms and instances may be several).</summary>
    private static readonly string[] OneOfEach =
    [
        InspectedTypes.Image, InspectedTypes.LaunchTemplate, InspectedTypes.LoadBalancer, InspectedTypes.TargetGroup,
        InspectedTypes.AutoScalingGroup, InspectedTypes.Dashboard, InspectedTypes.Topic, InspectedTypes.LogGroup, InspectedTypes.Certificate,
    ];

    /// <summary>Kinds with more resources than one environment makes (two images, two load balancers...).</summary>
    public static List<string> Duplicates(IReadOnlyList<InspectedResource> found) =>
        [.. found.GroupBy(r => r.Type, StringComparer.Ordinal)
            .Where(g => OneOfEach.Contains(g.Key, StringComparer.Ordinal) && g.Count() > 1)
            .Select(g => $"{g.Count()} x {g.Key}")];

    private static async Task<int> StuckAsync(LocalProvisioner local)
    {
        var engine = local.Workflows.Engine;
        var running = await engine.ListExecutionsAsync(local.Workflows.ProvisionArn, "RUNNING").ConfigureAwait(false);
        var tearingDown = await engine.ListExecutionsAsync(local.Workflows.TeardownArn, "RUNNING").ConfigureAwait(false);
        return running.Count + tearingDown.Count;
    }

    private sealed record ExecutionTraceSummary(string Status, string? Error, string? Cause, int Transitions);

    private static async Task<ExecutionTraceSummary> RunAsync(LocalWorkflows workflows, string arn, JsonNode spec, string name, CancellationToken cancellationToken)
    {
        var trace = await workflows.RunAsync(arn, spec, cancellationToken, name).ConfigureAwait(false);
        var transitions = trace.Events.Count(e => e.Type.EndsWith("Entered", StringComparison.Ordinal));
        return new ExecutionTraceSummary(trace.Result.Status, trace.Result.Error, trace.Result.Cause, transitions);
    }

    /// <summary>The function-level faults: the cell's handler runs its AWS calls, then dies or hangs, once.</summary>
    private sealed class ArmedHandler(MatrixCell cell, CancellationToken hung)
    {
        private int _armed;
        private int _hits;

        public int Hits => Volatile.Read(ref _hits);

        public void Arm() => Volatile.Write(ref _armed, 1);

        public void Disarm() => Volatile.Write(ref _armed, 0);

        public IEnumerable<IFunctionHandler> Wrap(IEnumerable<IFunctionHandler> handlers, Provisioner.StateMachine.Timing.VirtualClock clock) =>
            handlers.Select(h => h.Name == cell.Handler ? new Faulty(h, this, cell.Fault, clock, hung) : h);

        /// <summary>True once: the first invocation after arming takes the fault.</summary>
        private bool Take()
        {
            if (Interlocked.CompareExchange(ref _armed, 0, 1) != 1)
            {
                return false;
            }
            Interlocked.Increment(ref _hits);
            return true;
        }

        private sealed class Faulty(IFunctionHandler inner, ArmedHandler owner, MatrixFault fault,
            Provisioner.StateMachine.Timing.VirtualClock clock, CancellationToken hung) : IFunctionHandler
        {
            public string Name => inner.Name;

            public async Task<JsonNode?> InvokeAsync(JsonNode? input, CancellationToken cancellationToken)
            {
                var result = await inner.InvokeAsync(input, cancellationToken).ConfigureAwait(false);
                if (!owner.Take())
                {
                    return result;
                }
                if (fault == MatrixFault.CrashAfterCall)
                {
                    throw new TaskFailedException("Runtime.ExitError",
                        """{"errorType":"Runtime.ExitError","errorMessage":"RequestId: injected Error: Runtime exited with error: signal: killed"}""");
                }
                // Hangs (explicitly, so the virtual clock may move on) until the function's timeout cancels it.
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, hung);
                await clock.SuspendUntilCanceledAsync(linked.Token).ConfigureAwait(false);
                return result;
            }
        }
    }
}
