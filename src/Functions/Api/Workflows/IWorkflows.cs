using Provisioner.Aws.StepFunctions;

namespace Provisioner.Functions.Api.Workflows;

/// <summary>
/// The provision and teardown workflows. Production talks to AWS Step Functions, <c>up</c> to the local
/// engine's Step Functions API, both through <see cref="StepFunctionsWorkflows"/>; handler tests inject a
/// recording fake.
/// </summary>
public interface IWorkflows
{
    /// <summary>The ARN an execution of <paramref name="kind"/> named <paramref name="name"/> has (known before it starts).</summary>
    string ExecutionArn(string kind, string name);

    /// <summary>Starts the execution; idempotent by name (the same name and input returns the existing one).</summary>
    Task<string> StartAsync(string kind, string name, string input, CancellationToken cancellationToken);

    /// <summary>The execution, or null when none has that ARN.</summary>
    Task<ExecutionDescription?> DescribeAsync(string executionArn, CancellationToken cancellationToken);

    Task StopAsync(string executionArn, string error, string cause, CancellationToken cancellationToken);

    /// <summary>The whole history, oldest first; empty when the execution does not exist.</summary>
    Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string executionArn, CancellationToken cancellationToken);
}
