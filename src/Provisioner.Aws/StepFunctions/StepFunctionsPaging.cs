namespace Provisioner.Aws.StepFunctions;

/// <summary>Every page of the paged Step Functions operations (nextToken).</summary>
public static class StepFunctionsPaging
{
    public static IAsyncEnumerable<ExecutionListItem> ListAllExecutionsAsync(this IStepFunctionsClient client, ListExecutionsRequest request, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((token, ct) => client.ListExecutionsAsync(request with { NextToken = token }, ct), p => p.Executions, p => p.NextToken, cancellationToken);

    public static IAsyncEnumerable<HistoryEvent> GetAllExecutionHistoryAsync(this IStepFunctionsClient client, GetExecutionHistoryRequest request, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((token, ct) => client.GetExecutionHistoryAsync(request with { NextToken = token }, ct), p => p.Events, p => p.NextToken, cancellationToken);
}
