using System.CommandLine;
using Provisioner.Cli.Demo;

namespace Provisioner.Cli.Commands;

/// <summary>
/// <c>provisioner demo [--json] [--fail-at STEP] [--fail-undo STEP] [--time-scale N] [--seed N] [--keep]</c>:
/// provision the example environment on LocalCloud, show it healthy, tear it down, and show nothing is left.
/// </summary>
public static class DemoCommand
{
    public static Command Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var json = new Option<bool>("--json") { Description = "Print the run as one JSON object on the last line of stdout." };
        var failAt = new Option<string?>("--fail-at") { Description = "Make this step's Run fail (non-retryable) to see the rollback." };
        var failUndo = new Option<string?>("--fail-undo") { Description = "Make this step's Undo fail, to see a rollback that cannot finish." };
        var timeScale = new Option<double>("--time-scale")
        {
            Description = "Simulated seconds per real second.",
            DefaultValueFactory = _ => DemoOptions.DefaultTimeScale,
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the latency model (same seed, same run).", DefaultValueFactory = _ => DemoOptions.DefaultSeed };
        var keep = new Option<bool>("--keep") { Description = "Leave the environment (and LocalCloud) up until Ctrl+C instead of tearing it down." };
        var virtualTime = new Option<bool>("--virtual-time")
        {
            Description = "Use a virtual clock that jumps over every wait (no --time-scale): as fast as the machine allows.",
        };
        var command = new Command("demo", "Provision the example environment on LocalCloud (moto + realism), then tear it down.")
        {
            json, failAt, failUndo, timeScale, seed, keep, virtualTime,
        };
        command.SetAction((parse, cancellationToken) =>
            new DemoRunner(
                new DemoOptions(parse.GetValue(json), parse.GetValue(failAt), parse.GetValue(failUndo), parse.GetValue(timeScale), parse.GetValue(seed), parse.GetValue(keep), parse.GetValue(virtualTime)),
                io).RunAsync(cancellationToken));
        return command;
    }
}
