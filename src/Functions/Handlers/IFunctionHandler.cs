using System.Text.Json.Nodes;

namespace Provisioner.Functions.Handlers;

/// <summary>
/// One Lambda handler, by the name the function's Handler setting gives (e.g. <c>CreateAlb.Run</c>). The
/// Lambda bootstrap and the local engine both invoke handlers through this, so the same code runs in both.
/// </summary>
public interface IFunctionHandler
{
    string Name { get; }

    Task<JsonNode?> InvokeAsync(JsonNode? input, CancellationToken cancellationToken);
}
