namespace Provisioner.Functions.Export;

/// <summary>The log-export worker's configuration (environment variables of its functions).</summary>
public sealed record LogExportSettings
{
    public const string TableVariable = "PROVISIONER_LOG_EXPORT_TABLE";
    public const string BucketVariable = "PROVISIONER_LOG_EXPORT_BUCKET";

    /// <summary>The DynamoDB table of the queue, the lease and the checkpoints.</summary>
    public required string TableName { get; init; }

    /// <summary>The deployment's export bucket (template <c>LogExportBucket</c>).</summary>
    public required string Bucket { get; init; }

    /// <summary>How long the slot stays with a holder that stops renewing it (every worker call renews it).</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A scheduled range ends this long before now, so late events still land in the next range.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How many recent exports an environment keeps for its API resource.</summary>
    public int History { get; init; } = 10;

    /// <summary>The settings from a function's environment; null when the worker is not configured there.</summary>
    public static LogExportSettings? FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var table = environment(TableVariable);
        var bucket = environment(BucketVariable);
        return string.IsNullOrWhiteSpace(table) || string.IsNullOrWhiteSpace(bucket)
            ? null
            : new LogExportSettings { TableName = table.Trim(), Bucket = bucket.Trim() };
    }
}
