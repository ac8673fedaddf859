using System.Text.Json.Nodes;

namespace Provisioner.StateMachine.Execution;

/// <summary>Starts a child execution for <c>arn:aws:states:::states:startExecution.sync[:2]</c> and waits for it.</summary>
internal interface IChildExecutionLauncher
{
    /// <summary>Returns the task result as AWS shapes it for the resource, or throws a StatesFailureException with the child's error.</summary>
    /// <param name="callerKey">Identifies the calling task attempt, so a restarted parent finds the child it already started.</param>
    Task<JsonNode?> RunChildAsync(string resource, JsonNode? parameters, ExecutionRun parent, string callerKey, CancellationToken cancellationToken);
}
