using System.Globalization;
using Provisioner.Cli.Reliability;

// dotnet run -c Release --project bench/Provisioner.Reliability.Bench -- [output file] [seed] [step filter]
// Writes the fault matrix to RELIABILITY.md (or the given file); progress on stderr, one line per cell.
var output = args.Length > 0 ? args[0] : "RELIABILITY.md";
var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var filter = args.Length > 2 ? args[2] : null;
var cells = FaultMatrix.AllCells().Where(c => filter is null || c.Step.Equals(filter, StringComparison.Ordinal)).ToList();
if (cells.Count == 0)
{
    await Console.Error.WriteLineAsync($"step filter '{filter}': no such step");
    return 2;
}
// The crash-resume section is another bench's (bench/Provisioner.CrashResume.Bench): kept as it is.
const string crashHeader = "## Crash-resume under load";
var previous = File.Exists(output) ? (await File.ReadAllTextAsync(output)).Replace("\r\n", "\n", StringComparison.Ordinal) : "";
var crashResume = previous.IndexOf(crashHeader, StringComparison.Ordinal) is >= 0 and var at
    ? previous[at..]
    : "Crash-resume under load (`up` killed with SIGKILL while 20 provisions and teardowns run) is not measured yet.\n";
var started = DateTimeOffset.UtcNow;
var wall = System.Diagnostics.Stopwatch.StartNew();
var results = await FaultMatrix.RunAsync(cells, seed, r => Console.Error.WriteLine(
    $"{r.Cell,-48} {r.Outcome,-16} {(r.Passed ? "pass" : "FAIL")} ({r.SimulatedSeconds:0} s simulated)"), CancellationToken.None);
var text = $"""
# Reliability

What Provisioner survives, measured, not claimed. Regenerate with:

    dotnet run -c Release --project bench/Provisioner.Reliability.Bench -- RELIABILITY.md {seed.ToString(CultureInfo.InvariantCulture)}

## The fault matrix

Run of {started:yyyy-MM-dd} (seed {seed.ToString(CultureInfo.InvariantCulture)}, {cells.Count} cells, {wall.Elapsed.TotalMinutes:0.0} min on this machine).
Each cell is a fresh LocalCloud (moto + realism) with the deployed provision and teardown state machines on the
local engine, on virtual time. A **Run** cell provisions with the fault armed on that step; an **Undo** cell
provisions cleanly, then tears down with the fault armed on that step's Undo (a rollback runs this same teardown
workflow as the provision's child, so these are the rollback's Undo functions too). Then every cell clears the
fault, tears the environment down again from its id alone, and inspects every resource tagged with it.

Faults: `AwsError` (a non-retryable access-denied answer on the step's main call, every time), `ThrottlingBurst`
and `ServerErrorBurst` ({FaultMatrix.BurstLength.ToString(CultureInfo.InvariantCulture)} throttling or 5xx answers in a row: longer than the client's retries), `LostResponse`
(the call takes effect, the caller times out), `CrashAfterCall` (the function makes its calls, then dies with
`Runtime.ExitError` before returning, once), `FunctionTimeout` (the function makes its calls, then hangs until the
state's timeout, once). AWS faults match by action, so a `DescribeImages` fault for WaitAvailable may first hit
CreateAmi's own look-up. "simulated s" is the faulted workflow's time; "transitions" its state transitions
(states entered, the provision's or the teardown's own, not its child's).

A cell passes when it ends fully up (READY) or fully gone (ROLLED_BACK, DELETED) with nothing leaked, or, for a
permanent fault on an Undo, failed with a cause while something is left (never "rolled back" over a leak); and in
every case nothing is duplicated, no execution is stuck, and the clean-up teardown leaves nothing.

{FaultMatrix.Markdown(results)}
{crashResume}
""";
await File.WriteAllTextAsync(output, text.Replace("\r\n", "\n", StringComparison.Ordinal));
Console.Error.WriteLine($"{results.Count(r => r.Passed)}/{results.Count} passed; written to {output}");
return results.All(r => r.Passed) ? 0 : 1;
