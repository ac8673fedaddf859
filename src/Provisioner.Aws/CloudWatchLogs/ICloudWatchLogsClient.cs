namespace Provisioner.Aws.CloudWatchLogs;

/// <summary>
/// Amazon CloudWatch Logs, AWS JSON 1.1 protocol (<c>X-Amz-Target: Logs_20140328.*</c>).
/// Errors: <see cref="AwsServiceException"/>.
/// </summary>
/// <remarks>
/// Not found: <c>ResourceNotFoundException</c> (missing log group or task).
/// CreateLogGroup of an existing name: <c>ResourceAlreadyExistsException</c> (treat as success when ours).
/// Export tasks: one active (PENDING or RUNNING) export task per account; another CreateExportTask
/// answers <c>LimitExceededException</c>, so exports are queued by the caller.
/// </remarks>
public interface ICloudWatchLogsClient
{
    Task CreateLogGroupAsync(string logGroupName, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default);

    Task DeleteLogGroupAsync(string logGroupName, CancellationToken cancellationToken = default);

    /// <summary>One page of log groups whose name starts with the prefix.</summary>
    Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken = default);

    Task PutRetentionPolicyAsync(string logGroupName, int retentionInDays, CancellationToken cancellationToken = default);

    /// <summary>Starts an export of [From, To) to an S3 bucket; returns the task id.</summary>
    Task<string> CreateExportTaskAsync(CreateExportTaskRequest request, CancellationToken cancellationToken = default);

    Task<DescribeExportTasksResponse> DescribeExportTasksAsync(DescribeExportTasksRequest request, CancellationToken cancellationToken = default);

    /// <summary>Only PENDING or RUNNING tasks can be cancelled (else <c>InvalidOperationException</c> code).</summary>
    Task CancelExportTaskAsync(string taskId, CancellationToken cancellationToken = default);

    /// <summary>Tags a log group by ARN (without the trailing <c>:*</c>).</summary>
    Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);

    /// <summary>The tags of a log group by ARN (without the trailing <c>:*</c> that DescribeLogGroups gives).</summary>
    Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken = default);
}
