using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Core.Validation;

namespace Provisioner.Cli.Commands;

/// <summary>
/// <c>provisioner validate &lt;file|-&gt; [--json]</c>: prints the normalized spec and exits 0, or prints every
/// error (one <c>pointer: message</c> line each, or a JSON array) and exits 2.
/// </summary>
public static class ValidateCommand
{
    public static Command Create(CliIo io)
    {
        ArgumentNullException.ThrowIfNull(io);
        var file = new Argument<string>("file") { Description = "The environment spec (JSON); '-' reads standard input." };
        var json = new Option<bool>("--json") { Description = "Print errors as a JSON array of {pointer, value, rule}." };
        var command = new Command("validate", "Check an environment spec and print it with defaults filled in.") { file, json };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetRequiredValue(file), parse.GetValue(json), io, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string path, bool json, CliIo io, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(io);
        var text = await SpecInput.ReadAsync(path, io, cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return ExitCodes.InvalidInput;
        }
        var result = new EnvironmentSpecValidator().Validate(text);
        if (result.IsValid)
        {
            await io.Out.WriteLineAsync(JsonSerializer.Serialize(result.Spec, CliJson.Spec.EnvironmentSpec)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }
        await WriteErrorsAsync(result.Errors, json, io.Out).ConfigureAwait(false);
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
