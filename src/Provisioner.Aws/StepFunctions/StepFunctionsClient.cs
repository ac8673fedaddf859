using System.Text.Json;
using Provisioner.Aws.Protocols;

namespace Provisioner.Aws.StepFunctions;

/// <summary>Step Functions over AWS JSON 1.0 (<c>AWSStepFunctions</c>).</summary>
internal sealed class StepFunctionsClient(AwsTransport transport) : IStepFunctionsClient
{
    private readonly JsonProtocol _json = new(transport, AwsService.StepFunctions, "AWSStepFunctions", "1.0");

    public async Task<CreateStateMachineResponse> CreateStateMachineAsync(CreateStateMachineRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await _json.CallAsync("CreateStateMachine", w =>
        {
            w.WriteString("name", request.Name);
            w.WriteString("definition", request.Definition);
            w.WriteString("roleArn", request.RoleArn);
            w.StringIfSet("type", request.Type);
            w.KeyValueArrayIfSet("tags", request.Tags, "key", "value");
        }, cancellationToken).ConfigureAwait(false);
        return new CreateStateMachineResponse(result.RequiredString("stateMachineArn"), result.Timestamp("creationDate") ?? default);
    }

    public async Task<DateTimeOffset> UpdateStateMachineAsync(UpdateStateMachineRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await _json.CallAsync("UpdateStateMachine", w =>
        {
            w.WriteString("stateMachineArn", request.StateMachineArn);
            w.StringIfSet("definition", request.Definition);
            w.StringIfSet("roleArn", request.RoleArn);
        }, cancellationToken).ConfigureAwait(false);
        return result.Timestamp("updateDate") ?? default;
    }

    public async Task<StateMachineDescription> DescribeStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateMachineArn);
        var r = await _json.CallAsync("DescribeStateMachine", w => w.WriteString("stateMachineArn", stateMachineArn), cancellationToken).ConfigureAwait(false);
        return new StateMachineDescription(
            r.String("stateMachineArn") ?? stateMachineArn,
            r.RequiredString("name"),
            r.String("status"),
            r.String("definition") ?? "",
            r.String("roleArn") ?? "",
            r.String("type"),
            r.Timestamp("creationDate"));
    }

    public async Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var r = await _json.CallAsync("StartExecution", w =>
        {
            w.WriteString("stateMachineArn", request.StateMachineArn);
            w.StringIfSet("name", request.Name);
            w.StringIfSet("input", request.Input);
        }, cancellationToken).ConfigureAwait(false);
        return new StartExecutionResponse(r.RequiredString("executionArn"), r.Timestamp("startDate") ?? default);
    }

    public async Task<ExecutionDescription> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionArn);
        var r = await _json.CallAsync("DescribeExecution", w => w.WriteString("executionArn", executionArn), cancellationToken).ConfigureAwait(false);
        return new ExecutionDescription(
            r.String("executionArn") ?? executionArn,
            r.String("stateMachineArn") ?? "",
            r.String("name"),
            r.RequiredString("status"),
            r.Timestamp("startDate") ?? default,
            r.Timestamp("stopDate"),
            r.String("input"),
            r.String("output"),
            r.String("error"),
            r.String("cause"),
            r.Int("redriveCount"),
            r.String("redriveStatus"));
    }

    public async Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var r = await _json.CallAsync("ListExecutions", w =>
        {
            w.WriteString("stateMachineArn", request.StateMachineArn);
            w.StringIfSet("statusFilter", request.StatusFilter);
            w.NumberIfSet("maxResults", request.MaxResults);
            w.StringIfSet("nextToken", request.NextToken);
        }, cancellationToken).ConfigureAwait(false);
        var executions = r.Array("executions").Select(e => new ExecutionListItem(
            e.RequiredString("executionArn"),
            e.String("stateMachineArn") ?? request.StateMachineArn,
            e.String("name") ?? "",
            e.RequiredString("status"),
            e.Timestamp("startDate") ?? default,
            e.Timestamp("stopDate"))).ToList();
        return new ListExecutionsResponse(executions, r.String("nextToken"));
    }

    public async Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var r = await _json.CallAsync("GetExecutionHistory", w =>
        {
            w.WriteString("executionArn", request.ExecutionArn);
            w.NumberIfSet("maxResults", request.MaxResults);
            w.BoolIfSet("reverseOrder", request.ReverseOrder);
            w.StringIfSet("nextToken", request.NextToken);
        }, cancellationToken).ConfigureAwait(false);
        return new GetExecutionHistoryResponse(r.Array("events").Select(ReadEvent).ToList(), r.String("nextToken"));
    }

    public async Task<DateTimeOffset> StopExecutionAsync(string executionArn, string? error = null, string? cause = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionArn);
        var r = await _json.CallAsync("StopExecution", w =>
        {
            w.WriteString("executionArn", executionArn);
            w.StringIfSet("error", error);
            w.StringIfSet("cause", cause);
        }, cancellationToken).ConfigureAwait(false);
        return r.Timestamp("stopDate") ?? default;
    }

    public async Task<DateTimeOffset> RedriveExecutionAsync(string executionArn, string? clientToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionArn);
        var r = await _json.CallAsync("RedriveExecution", w =>
        {
            w.WriteString("executionArn", executionArn);
            w.StringIfSet("clientToken", clientToken);
        }, cancellationToken).ConfigureAwait(false);
        return r.Timestamp("redriveDate") ?? default;
    }

    /// <summary>Lifts the fields Provisioner shows out of whichever <c>*EventDetails</c> member the event carries.</summary>
    private static HistoryEvent ReadEvent(JsonElement e)
    {
        JsonElement? details = null;
        foreach (var property in e.EnumerateObject())
        {
            if (property.Name.EndsWith("EventDetails", StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.Object)
            {
                details = property.Value;
                break;
            }
        }
        return new HistoryEvent(
            e.Long("id") ?? 0,
            e.Long("previousEventId"),
            e.Timestamp("timestamp") ?? default,
            e.RequiredString("type"),
            details?.String("name"),
            details?.String("input"),
            details?.String("output"),
            details?.String("error"),
            details?.String("cause"),
            details?.String("resource"));
    }
}
