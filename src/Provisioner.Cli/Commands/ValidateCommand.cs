using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Core.Spec;
using Provisioner.Core.Validation;

namespace Provisioner.Cli.Commands;

/// <summary>
/// <c>provisioner validate &lt;file|-&gt; [--json] [--default-vpc-id VPC --default-subnet-ids A,B]</c>: prints the
/// normalized spec and exits 0, or prints every error (one <c>pointer: message</c> line each, or a JSON array) and
/// exits 2. With a default network, a spec without <c>network</c> is checked as a deployment with that default checks it.
/// </summary>
public static class ValidateCommand
{
    public static Command Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var file = new Argument<string>("file") { Description = "The environment spec (JSON); '-' reads standard input." };
        var json = new Option<bool>("--json") { Description = "Print errors as a JSON array of {pointer, value, rule}." };
        var vpc = new Option<string?>("--default-vpc-id") { Description = "The deployment's default VPC, for a spec without network (with --default-subnet-ids)." };
        var subnets = new Option<string?>("--default-subnet-ids") { Description = "The deployment's default subnets, comma-separated (with --default-vpc-id)." };
        var command = new Command("validate", "Check an environment spec and print it with defaults filled in.") { file, json, vpc, subnets };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (vpcId, subnetIds) = (parse.GetValue(vpc), parse.GetValue(subnets));
            if ((vpcId is null) != (subnetIds is null))
            {
                await io.Error.WriteLineAsync("--default-vpc-id and --default-subnet-ids go together: give both or neither.").ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }
            var network = DefaultNetwork.From(vpcId, subnetIds?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            return await RunAsync(parse.GetRequiredValue(file), parse.GetValue(json), io, cancellationToken, network).ConfigureAwait(false);
        });
        return command;
    }

    public static async Task<int> RunAsync(string path, bool json, CliIo io, CancellationToken cancellationToken, DefaultNetwork? network = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(io);
        var text = await SpecInput.ReadAsync(path, io, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return ExitCodes.InvalidInput;
        }
        var result = new EnvironmentSpecValidator().Validate(text, network);
        if (result.IsValid)
        {
            await io.Out.WriteLineAsync(JsonSerializer.Serialize(result.Spec, CliJson.Spec.EnvironmentSpec)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        await WriteErrorsAsync(result.Errors, json, io.Out).ConfigureAwait(false);
        if (network is null && result.Errors.Any(e => e.Pointer == "/network"))
        {
            await io.Error.WriteLineAsync("hint: a deployment with a default network (up's is the lab seed's VPC) fills in /network; check the spec as it would with --default-vpc-id VPC --default-subnet-ids A,B.").ConfigureAwait(false);
        }
        return ExitCodes.InvalidInput;
    }

    public static async Task WriteErrorsAsync(IReadOnlyList<SpecError> errors, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(output);
        if (json)
        {
            var array = new JsonArray();
            foreach (var error in errors)
            {
                array.Add(new JsonObject
                {
                    ["pointer"] = error.Pointer,
                    ["value"] = error.Value?.DeepClone(),
                    ["rule"] = error.Rule,
                });
            }
            await output.WriteLineAsync(array.ToJsonString(CliJson.Options)).ConfigureAwait(false);
            return;
        }
        foreach (var error in errors)
        {
            // A pointer or value may carry newlines or terminal escapes from the input; escaped, each error stays one line.
            await output.WriteLineAsync(Printable.Escape(error.ToString())).ConfigureAwait(false);
        }
    }
}
