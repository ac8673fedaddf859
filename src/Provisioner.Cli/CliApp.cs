using System.CommandLine;
using Provisioner.Cli.Commands;

namespace Provisioner.Cli;

/// <summary>The <c>provisioner</c> command line: one <see cref="Command"/> per verb, each in Commands/.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliIo io, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(io);
        var root = new RootCommand("Provisioner: create and tear down load-balanced, auto-scaled AWS environments as durable workflows.")
        {
            ValidateCommand.Create(io),
            DemoCommand.Create(io),
            UpCommand.Create(io),
        };
        foreach (var verb in ServiceVerbs.Create(io))
        {
            root.Subcommands.Add(verb);
        }
        var configuration = new InvocationConfiguration { Output = io.Out, Error = io.Error };
        return await root.Parse(args).InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
