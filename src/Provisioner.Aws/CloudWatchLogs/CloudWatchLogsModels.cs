namespace Provisioner.Aws.CloudWatchLogs;

public sealed record DescribeLogGroupsRequest
{
    public string? LogGroupNamePrefix { get; init; }
    public string? NextToken { get; init; }
    public int? Limit { get; init; }
}

/// <summary>Arn ends with <c>:*</c> as AWS returns it; RetentionInDays null means "never expire".</summary>
public sealed record LogGroup(string LogGroupName, string? Arn, int? RetentionInDays, DateTimeOffset? CreationTime);

public sealed record DescribeLogGroupsResponse(IReadOnlyList<LogGroup> LogGroups, string? NextToken);

public sealed record CreateExportTaskRequest
{
    public string? TaskName { get; init; }
    public required string LogGroupName { get; init; }
    public string? LogStreamNamePrefix { get; init; }
    /// <summary>Inclusive start (sent as epoch milliseconds).</summary>
    public required DateTimeOffset From { get; init; }
    /// <summary>Exclusive end (sent as epoch milliseconds).</summary>
    public required DateTimeOffset To { get; init; }
    /// <summary>The S3 bucket name.</summary>
    public required string Destination { get; init; }
    public string? DestinationPrefix { get; init; }
}

public sealed record DescribeExportTasksRequest
{
    public string? TaskId { get; init; }
    /// <summary><c>CANCELLED</c> | <c>COMPLETED</c> | <c>FAILED</c> | <c>PENDING</c> | <c>PENDING_CANCEL</c> | <c>RUNNING</c>.</summary>
    public string? StatusCode { get; init; }
    public string? NextToken { get; init; }
    public int? Limit { get; init; }
}

public sealed record ExportTask(
    string TaskId,
    string? TaskName,
    string? LogGroupName,
    DateTimeOffset? From,
    DateTimeOffset? To,
    string? Destination,
    string? DestinationPrefix,
    string? StatusCode,
    string? StatusMessage);

public sealed record DescribeExportTasksResponse(IReadOnlyList<ExportTask> ExportTasks, string? NextToken);
