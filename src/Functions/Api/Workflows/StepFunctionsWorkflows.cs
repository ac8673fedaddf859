using Provisioner.Aws;
using Provisioner.Aws.StepFunctions;
using Provisioner.Functions.Api.Registry;

namespace Provisioner.Functions.Api.Workflows;

/// <summary>The workflows over the Step Functions API (AWS, or the local engine on <c>up</c>).</summary>
public sealed class StepFunctionsWorkflows(IStepFunctionsClient client, string provisionStateMachineArn, string teardownStateMachineArn) : IWorkflows
{
    public string ExecutionArn(string kind, string name)
    {
        // arn:aws:states:region:account:stateMachine:name[:alias] -> arn:aws:states:region:account:execution:name:execution
        var parts = StateMachine(kind).Split(':');
        if (parts.Length < 7)
        {
            throw new InvalidOperationException($"'{StateMachine(kind)}' is not a state machine ARN.");
        }
        return $"{string.Join(':', parts[..5])}:execution:{parts[6]}:{name}";
    }

    public async Task<string> StartAsync(string kind, string name, string input, CancellationToken cancellationToken)
    {
        var response = await client.StartExecutionAsync(new StartExecutionRequest
        {
            StateMachineArn = StateMachine(kind),
            Name = name,
            Input = input,
        }, cancellationToken).ConfigureAwait(false);
        return response.ExecutionArn;
    }

    public async Task<ExecutionDescription?> DescribeAsync(string executionArn, CancellationToken cancellationToken)
    {
        try
        {
            return await client.DescribeExecutionAsync(executionArn, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "ExecutionDoesNotExist")
        {
            return null;
        }
    }

    public Task StopAsync(string executionArn, string error, string cause, CancellationToken cancellationToken) =>
        client.StopExecutionAsync(executionArn, error, cause, cancellationToken);

    public async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string executionArn, CancellationToken cancellationToken)
    {
        var events = new List<HistoryEvent>();
        string? token = null;
        try
        {
            do
            {
                var page = await client.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = executionArn, NextToken = token }, cancellationToken).ConfigureAwait(false);
                events.AddRange(page.Events);
                token = page.NextToken;
            }
            while (token is not null);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "ExecutionDoesNotExist")
        {
            return [];
        }
        return events;
    }

    private string StateMachine(string kind) => kind == ExecutionKind.Teardown ? teardownStateMachineArn : provisionStateMachineArn;
}
