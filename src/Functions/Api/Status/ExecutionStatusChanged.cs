using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Functions.Api.Registry;

namespace Provisioner.Functions.Api.Status;

/// <summary>An execution's end, as the EventBridge "Step Functions Execution Status Change" event or the local engine reports it.</summary>
public sealed record ExecutionStatusChange(string ExecutionArn, string Status, string? Error = null, string? Cause = null, string? Output = null);

/// <summary>What applying a change did.</summary>
public enum StatusChangeResult
{
    Applied,
    /// <summary>Not the environment's current execution (stale, or started by hand with another name), or unknown.</summary>
    NotCurrent,
    /// <summary>Still running, or a status the table does not map.</summary>
    NotFinal,
}

/// <summary>
/// Moves an environment's status when its current execution ends: AWS invokes it from the EventBridge rule,
/// <c>up</c> from the engine's completion event. A change for any other execution is ignored, so a late
/// event of a stopped provision cannot overwrite the teardown that replaced it.
/// </summary>
public sealed class ExecutionStatusChanged(IEnvironmentRegistry registry, ApiOptions options, TimeProvider time)
{
    public const string HandlerName = "ExecutionStatusChanged.Run";

    private const int Races = 4;

    public async Task<StatusChangeResult> ApplyAsync(ExecutionStatusChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var name = change.ExecutionArn[(change.ExecutionArn.LastIndexOf(':') + 1)..];
        if (!ExecutionName.TryParse(name, out var execution))
        {
            return StatusChangeResult.NotCurrent;
        }
        if (StatusTable.For(execution.Kind, change.Status, change.Error) is not { } rule)
        {
            return StatusChangeResult.NotFinal;
        }
        for (var race = 0; race < Races; race++)
        {
            var record = await registry.GetAsync(execution.EnvironmentId, cancellationToken).ConfigureAwait(false);
            if (record is null || record.ExecutionName != name || !EnvironmentStatus.IsBusy(record.Status))
            {
                return StatusChangeResult.NotCurrent;
            }
            try
            {
                await registry.WriteAsync(record, Next(record, rule, change), options.Quotas, cancellationToken).ConfigureAwait(false);
                return StatusChangeResult.Applied;
            }
            catch (ConcurrentUpdateException) when (race < Races - 1)
            {
                // Changed under us (an extend, a delete): read again and decide again.
            }
        }
        return StatusChangeResult.NotCurrent;
    }

    private EnvironmentRecord Next(EnvironmentRecord record, StatusRule rule, ExecutionStatusChange change)
    {
        var next = record with
        {
            Status = rule.Status,
            StatusReason = rule.Reason,
            CurrentStep = null,
            UpdatedAt = time.GetUtcNow(),
            Error = change.Status == Aws.StepFunctions.ExecutionStatus.Succeeded ? null : new ExecutionError(change.Error ?? change.Status, change.Cause),
        };
        if (rule.Status == EnvironmentStatus.Ready && Summary(change.Output) is { } summary)
        {
            next = next with { Resources = summary["resources"]?.ToJsonString(), Url = Url(record, (string?)summary["dnsName"]) };
        }
        return next;
    }

    private static JsonObject? Summary(string? output)
    {
        try
        {
            return output is { Length: > 0 } ? JsonNode.Parse(output) as JsonObject : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Url(EnvironmentRecord record, string? dnsName)
    {
        if (dnsName is null)
        {
            return null;
        }
        var https = JsonNode.Parse(record.Spec)?["loadBalancer"]?["https"] is not null;
        return $"{(https ? "https" : "http")}://{dnsName}/";
    }
}
