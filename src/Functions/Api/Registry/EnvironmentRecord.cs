namespace Provisioner.Functions.Api.Registry;

/// <summary>
/// One environment's registry item. <see cref="Version"/> is the optimistic-concurrency counter every
/// conditional write checks; <see cref="ExecutionName"/> is written before the execution is started.
/// </summary>
public sealed record EnvironmentRecord
{
    public required string EnvironmentId { get; init; }
    public required string Owner { get; init; }
    public required string Status { get; init; }
    public string? StatusReason { get; init; }
    public required int Generation { get; init; }
    /// <summary>The normalized spec as JSON text (what the validator produced).</summary>
    public required string Spec { get; init; }
    /// <summary>The spec's <c>scaling.max</c>, kept beside it for the quota arithmetic.</summary>
    public required int ScalingMax { get; init; }
    public required string ExecutionName { get; init; }
    public string? ExecutionArn { get; init; }
    /// <summary>The resources summary (JSON text) from the last successful provision; null before.</summary>
    public string? Resources { get; init; }
    public string? Url { get; init; }
    public string? CurrentStep { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    /// <summary>A request for later: when its provision starts (SCHEDULED until then); null for a request for now.</summary>
    public DateTimeOffset? StartAt { get; init; }
    /// <summary>Why the environment was torn down: <see cref="DeleteReasons"/> (null while it has not been).</summary>
    public string? DeleteReason { get; init; }
    public ExecutionError? Error { get; init; }
    public long Version { get; init; }

    public ExecutionName Execution =>
        Registry.ExecutionName.TryParse(ExecutionName, out var parsed)
            ? parsed
            : throw new InvalidOperationException($"Environment '{EnvironmentId}' names a malformed execution '{ExecutionName}'.");
}

/// <summary>The error and cause an execution failed with.</summary>
public sealed record ExecutionError(string Error, string? Cause);
