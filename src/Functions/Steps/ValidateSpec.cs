using System.Text.Json;
using System.Text.Json.Nodes;
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
/// <remarks>Input: <c>{"spec": {...}}</c>. Output: the normalized spec.</remarks>
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
        var spec = WithDefaultNetwork(raw?.DeepClone());
        var result = _validator.Validate(spec);
        if (!result.IsValid)
        {
            throw new StepFailedException(StepErrors.InvalidSpec, Cause(result.Errors));
        }
        return Task.FromResult(JsonSerializer.SerializeToNode(result.Spec, SpecJsonContext.Default.EnvironmentSpec));
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

    private JsonNode? WithDefaultNetwork(JsonNode? spec)
    {
        if (spec is JsonObject document && !document.ContainsKey("network") && settings.DefaultVpcId is { } vpc && settings.DefaultSubnetIds.Count > 0)
        {
            document["network"] = new JsonObject
            {
                ["vpcId"] = vpc,
                ["subnetIds"] = new JsonArray([.. settings.DefaultSubnetIds.Select(s => (JsonNode?)JsonValue.Create(s))]),
            };
        }
        return spec;
    }
}
