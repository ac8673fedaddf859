namespace Provisioner.Aws.CloudWatchLogs;

/// <summary>Every page of the paged CloudWatch Logs operations (nextToken).</summary>
public static class CloudWatchLogsPaging
{
    public static IAsyncEnumerable<LogGroup> DescribeAllLogGroupsAsync(this ICloudWatchLogsClient client, DescribeLogGroupsRequest request, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((token, ct) => client.DescribeLogGroupsAsync(request with { NextToken = token }, ct), p => p.LogGroups, p => p.NextToken, cancellationToken);

    public static IAsyncEnumerable<ExportTask> DescribeAllExportTasksAsync(this ICloudWatchLogsClient client, DescribeExportTasksRequest request, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((token, ct) => client.DescribeExportTasksAsync(request with { NextToken = token }, ct), p => p.ExportTasks, p => p.NextToken, cancellationToken);
}
