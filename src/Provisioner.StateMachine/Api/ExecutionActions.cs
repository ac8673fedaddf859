using System.Text.Json.Nodes;

using Provisioner.StateMachine.Engine;
using Provisioner.StateMachine.History;
using Provisioner.StateMachine.Storage;

namespace Provisioner.StateMachine.Api;

/// <summary>StartExecution, DescribeExecution, ListExecutions, GetExecutionHistory, StopExecution, RedriveExecution.</summary>
internal static class ExecutionActions
{
    private static readonly HashSet<string> Statuses = new(StringComparer.Ordinal)
    {
        ExecutionStatus.Running, ExecutionStatus.Succeeded, ExecutionStatus.Failed, ExecutionStatus.TimedOut, ExecutionStatus.Aborted, "PENDING_REDRIVE",
    };

    public static async Task<JsonObject> StartExecution(StateMachineEngine engine, ApiRequest request)
    {
        var execution = await engine.StartExecutionAsync(request.Required("stateMachineArn"), request.Optional("name"), request.OptionalJsonText("input", "InvalidExecutionInput")).ConfigureAwait(false);
        return new JsonObject { ["executionArn"] = execution.Arn, ["startDate"] = ApiJson.Date(execution.StartDate) };
    }

    public static async Task<JsonObject> DescribeExecution(StateMachineEngine engine, ApiRequest request)
    {
        var execution = await engine.DescribeExecutionAsync(request.Required("executionArn")).ConfigureAwait(false);
        var result = Summary(execution);
        result["input"] = execution.Input;
        result["inputDetails"] = new JsonObject { ["included"] = true };
        if (execution.Output is not null)
        {
            result["output"] = execution.Output;
            result["outputDetails"] = new JsonObject { ["included"] = true };
        }

        if (execution.Error is not null)
        {
            result["error"] = execution.Error;
        }

        if (execution.Cause is not null)
        {
            result["cause"] = execution.Cause;
        }

        result["redriveStatus"] = execution.Status is ExecutionStatus.Failed or ExecutionStatus.TimedOut or ExecutionStatus.Aborted ? "REDRIVABLE" : "NOT_REDRIVABLE";
        return result;
    }

    public static async Task<JsonObject> ListExecutions(StateMachineEngine engine, ApiRequest request)
    {
        var status = request.Optional("statusFilter");
        if (status is not null && !Statuses.Contains(status))
        {
            throw new StepFunctionsException("ValidationException", $"'statusFilter' must be one of {string.Join(", ", Statuses)}, not '{Provisioner.Core.Validation.Printable.Escape(Provisioner.Core.Validation.Printable.Cut(status, 64))}'.");
        }

        var (offset, limit) = request.Page(100, 1000);
        var all = await engine.ListExecutionsAsync(request.Required("stateMachineArn"), status).ConfigureAwait(false);
        var page = new JsonArray();
        foreach (var execution in all.Skip(offset).Take(limit))
        {
            page.Add(Summary(execution));
        }

        return ApiJson.WithToken(new JsonObject { ["executions"] = page }, ApiRequest.NextToken(offset, limit, all.Count));
    }

    public static async Task<JsonObject> GetExecutionHistory(StateMachineEngine engine, ApiRequest request)
    {
        var (offset, limit) = request.Page(100, 1000);
        var includeData = request.Optional("includeExecutionData") is null || request.OptionalBool("includeExecutionData");
        IEnumerable<HistoryEvent> all = await engine.GetExecutionHistoryAsync(request.Required("executionArn")).ConfigureAwait(false);
        if (request.OptionalBool("reverseOrder"))
        {
            all = all.Reverse();
        }

        var list = all.ToList();
        var events = new JsonArray();
        foreach (var historyEvent in list.Skip(offset).Take(limit))
        {
            events.Add(ApiJson.Event(historyEvent, includeData));
        }

        return ApiJson.WithToken(new JsonObject { ["events"] = events }, ApiRequest.NextToken(offset, limit, list.Count));
    }

    public static async Task<JsonObject> StopExecution(StateMachineEngine engine, ApiRequest request)
    {
        var stopped = await engine.StopExecutionAsync(request.Required("executionArn"), request.Optional("error"), request.Optional("cause")).ConfigureAwait(false);
        return new JsonObject { ["stopDate"] = ApiJson.Date(stopped.StopDate ?? engine.Time.GetUtcNow()) };
    }

    public static async Task<JsonObject> RedriveExecution(StateMachineEngine engine, ApiRequest request)
    {
        var redriven = await engine.RedriveExecutionAsync(request.Required("executionArn")).ConfigureAwait(false);
        return new JsonObject { ["redriveDate"] = ApiJson.Date(redriven.RedriveDate ?? engine.Time.GetUtcNow()) };
    }

    private static JsonObject Summary(ExecutionRecord execution)
    {
        var summary = new JsonObject
        {
            ["executionArn"] = execution.Arn,
            ["stateMachineArn"] = execution.StateMachineArn,
            ["name"] = execution.Name,
            ["status"] = execution.Status,
            ["startDate"] = ApiJson.Date(execution.StartDate),
            ["redriveCount"] = execution.RedriveCount,
        };
        if (execution.StopDate is { } stop)
        {
            summary["stopDate"] = ApiJson.Date(stop);
        }

        if (execution.RedriveDate is { } redrive)
        {
            summary["redriveDate"] = ApiJson.Date(redrive);
        }

        return summary;
    }
}
