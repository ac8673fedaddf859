using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Core.Spec;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Schedules;

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
/// event of a stopped provision cannot overwrite the teardown that replaced it. With <paramref name="officeHours"/>,
/// an environment with <c>hours</c> gets its sleep and wake schedules before it is recorded READY (so a failed
/// create is retried with the event, and no sleep fires for a status that is not yet READY), and loses them before
/// it is recorded DELETED.
/// </summary>
public sealed class ExecutionStatusChanged(IEnvironmentRegistry registry, ApiOptions options, TimeProvider time, IOfficeHoursSchedules? officeHours = null)
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
                var next = Next(record, rule, change);
                await OfficeHoursAsync(record, next, cancellationToken).ConfigureAwait(false);
                await registry.WriteAsync(record, next, options.Quotas, cancellationToken).ConfigureAwait(false);
                return StatusChangeResult.Applied;
            }
            catch (ConcurrentUpdateException) when (race < Races - 1)
            {
                // Changed under us (an extend, a delete): read again and decide again.
            }
        }
        return StatusChangeResult.NotCurrent;
    }

    private async Task OfficeHoursAsync(EnvironmentRecord record, EnvironmentRecord next, CancellationToken cancellationToken)
    {
        if (officeHours is null)
        {
            return;
        }
        if (next.Status == EnvironmentStatus.Ready
            && JsonSerializer.Deserialize(record.Spec, SpecJsonContext.Default.EnvironmentSpec) is { Hours: not null } spec)
        {
            await officeHours.SetAsync(spec, record.Generation, cancellationToken).ConfigureAwait(false);
        }
        else if (next.Status == EnvironmentStatus.Deleted)
        {
            await officeHours.RemoveAsync(record.EnvironmentId, cancellationToken).ConfigureAwait(false);
        }
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
