using System.Text.Json.Nodes;
using Provisioner.Functions.Api.Registry;

namespace Provisioner.Functions.Api;

/// <summary>An environment as the API shows it (the OpenAPI document's <c>Environment</c> schema).</summary>
public static class EnvironmentView
{
    public static JsonObject Of(EnvironmentRecord record, string? currentStep = null) => new()
    {
        ["environmentId"] = record.EnvironmentId,
        ["owner"] = record.Owner,
        ["createdBy"] = record.Owner,
        ["status"] = record.Status,
        ["statusReason"] = record.StatusReason,
        ["generation"] = record.Generation,
        ["spec"] = JsonNode.Parse(record.Spec),
        ["executionArn"] = record.ExecutionArn,
        ["resources"] = record.Resources is { } resources ? JsonNode.Parse(resources) : null,
        ["url"] = record.Status == EnvironmentStatus.Ready ? record.Url : null,
        ["currentStep"] = currentStep ?? record.CurrentStep,
        ["createdAt"] = RegistryItem.Time(record.CreatedAt),
        ["updatedAt"] = RegistryItem.Time(record.UpdatedAt),
        ["expiresAt"] = record.ExpiresAt is { } expires ? RegistryItem.Time(expires) : null,
        ["startAt"] = record.StartAt is { } startAt ? RegistryItem.Time(startAt) : null,
        ["deleteReason"] = record.DeleteReason,
        ["error"] = record.Error is { } error ? new JsonObject { ["error"] = error.Error, ["cause"] = error.Cause } : null,
    };
}
