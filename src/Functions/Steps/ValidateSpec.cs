using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;
using Provisioner.Core.Validation;
using Provisioner.Functions.Handlers;

namespace Provisioner.Functions.Steps;

/// <summary>
/// The provisioning workflow's first state: the execution input's <c>spec</c>, checked with every rule the CLI
/// applies (<see cref="EnvironmentSpecValidator"/>) and returned normalized (defaults filled), so no step ever
/// works from a spec that breaks a rule, however the execution was started (portal, schedule or by hand).
/// An invalid spec fails with <see cref="StepErrors.InvalidSpec"/>, whose cause lists every error as
/// <c>pointer: message</c>; the workflow ends there, before anything is created. A spec without
/// <c>network</c> takes the deployment's default VPC and subnets when the deployment has them.
/// </summary>
/// <remarks>
/// Input: <c>{"spec": {...}, "executionName": "..."}</c>. Output: the normalized spec with its <c>generation</c>:
/// the one the spec carries, else the one in the execution's name (<c>&lt;id&gt;-g&lt;gen&gt;-&lt;kind&gt;-&lt;attempt&gt;</c>,
/// as the API names executions), else 1 (an execution started by hand under another name).
/// </remarks>
public sealed class ValidateSpec(StepSettings settings) : IFunctionHandler
{
    public const string HandlerName = "ValidateSpec.Run";

    /// <summary>Errors listed in the cause; the rest are counted (a cause holds at most 32,768 characters).</summary>
    public const int MaxErrorsInCause = 50;

    private readonly EnvironmentSpecValidator _validator = new(new ValidationOptions { MaxInstancesCap = settings.MaxInstancesCap });

    public string Name => HandlerName;

    public Task<JsonNode?> InvokeAsync(JsonNode? input, CancellationToken cancellationToken)
    {
        if (input is not JsonObject envelope || !envelope.TryGetPropertyValue("spec", out var raw))
        {
            throw new StepFailedException(StepErrors.BadInput, $"{Name}: the input must be an object with the spec under \"spec\".");
        }
        var spec = settings.DefaultNetwork is { } network ? network.ApplyTo(raw?.DeepClone()) : raw?.DeepClone();
        var given = TakeGeneration(spec);
        var result = _validator.Validate(spec);
        if (!result.IsValid)
        {
            throw new StepFailedException(StepErrors.InvalidSpec, Cause(result.Errors));
        }
        var executionName = envelope.TryGetPropertyValue("executionName", out var name) && name is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var generation = given ?? ResourceOwner.GenerationFromExecutionName(executionName, result.Spec.EnvironmentId);
        return Task.FromResult(JsonSerializer.SerializeToNode(result.Spec with { Generation = generation }, SpecJsonContext.Default.EnvironmentSpec));
    }

    /// <summary>One <c>pointer: message</c> line per error, the first <see cref="MaxErrorsInCause"/> of them.</summary>
    public static string Cause(IReadOnlyList<SpecError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var lines = errors.Take(MaxErrorsInCause).Select(e => e.ToString()).ToList();
        if (errors.Count > MaxErrorsInCause)
        {
            lines.Add($"... and {errors.Count - MaxErrorsInCause} more");
        }
        return string.Join('\n', lines);
    }

    /// <summary>
    /// The generation a spec already carries (a rollback's, or one the API set), removed before validation
    /// (it is not the user's to set); null when it has none. A value that is not a whole number from 1 is a spec error.
    /// </summary>
    private static int? TakeGeneration(JsonNode? spec)
    {
        if (spec is not JsonObject document || !document.Remove("generation", out var node))
        {
            return null;
        }
        return node is JsonValue value && value.TryGetValue<int>(out var generation) && generation >= ResourceOwner.FirstGeneration
            ? generation
            : throw new StepFailedException(StepErrors.InvalidSpec, "/generation: must be a whole number from 1");
    }
}
