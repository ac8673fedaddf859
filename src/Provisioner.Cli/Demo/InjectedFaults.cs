using System.Text.Json.Nodes;
using Provisioner.Core.Steps;
using Provisioner.Functions.Handlers;

namespace Provisioner.Cli.Demo;

/// <summary>
/// Makes one step's Run (<c>--fail-at</c>) or Undo (<c>--fail-undo</c>) fail with a non-retryable error, the
/// way a real refusal from AWS would reach the workflow.
/// </summary>
public static class InjectedFaults
{
    public static IEnumerable<IFunctionHandler> Apply(IEnumerable<IFunctionHandler> handlers, string? failAt, string? failUndo)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var failing = new HashSet<string>(StringComparer.Ordinal);
        if (failAt is not null)
        {
            failing.Add(failAt + ".Run");
        }
        if (failUndo is not null)
        {
            failing.Add(failUndo + ".Undo");
        }
        return handlers.Select(h => failing.Contains(h.Name) ? new Failing(h.Name) : h);
    }

    private sealed class Failing(string name) : IFunctionHandler
    {
        public string Name { get; } = name;

        public Task<JsonNode?> InvokeAsync(JsonNode? input, CancellationToken cancellationToken) =>
            Task.FromException<JsonNode?>(new StepFailedException(
                StepErrors.Rejected, $"{Name}: failure injected by the demo (--fail-at/--fail-undo); retrying will not help."));
    }
}
