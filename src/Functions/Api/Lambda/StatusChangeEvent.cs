using System.Text.Json.Nodes;
using Provisioner.Core.Steps;
using Provisioner.Functions.Api.Status;

namespace Provisioner.Functions.Api.Lambda;

/// <summary>The EventBridge "Step Functions Execution Status Change" event's <c>detail</c> as an <see cref="ExecutionStatusChange"/>.</summary>
public static class StatusChangeEvent
{
    public const string DetailType = "Step Functions Execution Status Change";

    /// <exception cref="StepFailedException">The event is not a status change (no executionArn or status).</exception>
    public static ExecutionStatusChange From(JsonNode? input)
    {
        var detail = (input as JsonObject)?["detail"] as JsonObject;
        if (Text(detail?["executionArn"]) is not { } arn || Text(detail?["status"]) is not { } status)
        {
            throw new StepFailedException(StepErrors.BadInput, $"{ExecutionStatusChanged.HandlerName}: expected a '{DetailType}' event with detail.executionArn and detail.status.");
        }
        return new ExecutionStatusChange(arn, status, Text(detail?["error"]), Text(detail?["cause"]), Text(detail?["output"]));
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
