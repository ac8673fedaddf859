using System.CommandLine;
using System.Runtime.InteropServices;
using Provisioner.Cli.Up;

namespace Provisioner.Cli.Commands;

/// <summary>
/// <c>provisioner up [--data DIR] [--port N] [--time-scale N] [--seed N] [--virtual-time]</c>: the service on
/// 127.0.0.1 until SIGINT/SIGTERM. The first (and only) line of stdout is the ready line; logs go to stderr.
/// </summary>
public static class UpCommand
{
    public static Command Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var data = new Option<string?>("--data") { Description = "Data folder (engine history, signing key, clock, up.json); default: a new temporary folder." };
        var port = new Option<int>("--port") { Description = "The API's port on 127.0.0.1 (0: a free one).", DefaultValueFactory = _ => 0 };
        var timeScale = new Option<double>("--time-scale") { Description = "Simulated seconds per real second while workflows wait.", DefaultValueFactory = _ => 60 };
        var seed = new Option<int>("--seed") { Description = "Seed of the latency model.", DefaultValueFactory = _ => 1 };
        var virtualTime = new Option<bool>("--virtual-time") { Description = "Jump over every wait instead of pacing it." };
        var quotaFactor = new Option<int>("--quota-factor") { Description = "Raise every AWS service quota LocalCloud enforces (50 ALBs per region, ...) by this factor, as an operator's increase would.", DefaultValueFactory = _ => 1 };
        var ownerQuota = new Option<int?>("--owner-quota") { Description = "Active environments per owner (the deployment's quota; default 3), e.g. for a load test." };
        var command = new Command("up", "Run Provisioner on this machine: LocalCloud, the durable engine with its Step Functions API, and the Provisioner API.")
        {
            data, port, timeScale, seed, virtualTime, quotaFactor, ownerQuota,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var scale = parse.GetValue(timeScale);
            if (!(scale >= 1) || double.IsInfinity(scale) || parse.GetValue(port) is < 0 or > 65535)
            {
                await io.Error.WriteLineAsync("--time-scale: must be a number of at least 1; --port: must be 0 to 65535").ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }
            if (parse.GetValue(quotaFactor) < 1)
            {
                await io.Error.WriteLineAsync("--quota-factor: must be a whole number of at least 1").ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }
            if (parse.GetValue(ownerQuota) is < 1)
            {
                await io.Error.WriteLineAsync("--owner-quota: must be a whole number of at least 1").ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });
            await using var host = await UpHost.StartAsync(
                new UpOptions(parse.GetValue(data), parse.GetValue(port), scale, parse.GetValue(seed), parse.GetValue(virtualTime), parse.GetValue(quotaFactor), parse.GetValue(ownerQuota)),
                io.Error, stop.Token).ConfigureAwait(false);
            await io.Out.WriteLineAsync(host.Info.ToJson()).ConfigureAwait(false);
            await io.Out.FlushAsync(stop.Token).ConfigureAwait(false);
            await io.Error.WriteLineAsync($"[up] Provisioner API {host.Info.Api} (portal: {host.Info.Api}/), Step Functions {host.Info.StepFunctions}; Ctrl+C stops everything").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await io.Error.WriteLineAsync("[up] stopping").ConfigureAwait(false);
            }
            return 0;
        });
        return command;
    }
}
