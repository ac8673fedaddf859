using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Provisioner.Core.Steps;

namespace Provisioner.Functions.Handlers;

/// <summary>
/// A handler over typed input and output records, (de)serialized with source-generated metadata so it
/// stays AOT-safe. Input that does not match the contract is a <see cref="StepErrors.BadInput"/> failure.
/// </summary>
public sealed class FunctionHandler<TInput, TOutput>(
    string name,
    JsonTypeInfo<TInput> inputType,
    JsonTypeInfo<TOutput> outputType,
    Func<TInput, CancellationToken, Task<TOutput>> run) : IFunctionHandler
{
    public string Name { get; } = name;

    public async Task<JsonNode?> InvokeAsync(JsonNode? input, CancellationToken cancellationToken)
    {
        TInput? typed;
        try
        {
            typed = input is null ? default : input.Deserialize(inputType);
        }
        catch (JsonException ex)
        {
            throw new StepFailedException(StepErrors.BadInput, $"{Name}: the input does not match {typeof(TInput).Name}: {ex.Message}", ex);
        }
        if (typed is null)
        {
            throw new StepFailedException(StepErrors.BadInput, $"{Name}: the input is empty; expected {typeof(TInput).Name}.");
        }
        var output = await run(typed, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToNode(output, outputType);
    }
}
