using System.Text.Json.Nodes;

namespace Provisioner.StateMachine;

/// <summary>
/// Runs a Task state's <c>Resource</c>. Production maps function ARNs to Lambda; the local
/// application maps them to in-process handlers; tests inject recording fakes.
/// </summary>
/// <remarks>
/// Every resource, including <c>arn:aws:states:::lambda:invoke</c>, arrives as written in the
/// definition together with the state's effective input; the returned node is the task's raw
/// result (any service-integration wrapping is the invoker's job). Throw
/// <see cref="TaskFailedException"/> to fail with a chosen error and cause; any other exception
/// is reported the way Lambda reports an unhandled exception.
/// </remarks>
public interface ITaskInvoker
{
    Task<JsonNode?> InvokeAsync(string resource, JsonNode? input, CancellationToken cancellationToken);
}
