using Provisioner.Aws.Protocols;

namespace Provisioner.Aws.CloudWatchLogs;

/// <summary>CloudWatch Logs over AWS JSON 1.1 (<c>Logs_20140328</c>).</summary>
internal sealed class CloudWatchLogsClient(AwsTransport transport) : ICloudWatchLogsClient
{
    private readonly JsonProtocol _json = new(transport, AwsService.CloudWatchLogs, "Logs_20140328", "1.1");

    public async Task CreateLogGroupAsync(string logGroupName, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logGroupName);
        await _json.CallAsync("CreateLogGroup", w =>
        {
            w.WriteString("logGroupName", logGroupName);
            w.MapIfSet("tags", tags);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteLogGroupAsync(string logGroupName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logGroupName);
        await _json.CallAsync("DeleteLogGroup", w => w.WriteString("logGroupName", logGroupName), cancellationToken).ConfigureAwait(false);
    }

    public async Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await _json.CallAsync("DescribeLogGroups", w =>
        {
            w.StringIfSet("logGroupNamePrefix", request.LogGroupNamePrefix);
            w.StringIfSet("nextToken", request.NextToken);
            w.NumberIfSet("limit", request.Limit);
        }, cancellationToken).ConfigureAwait(false);
        var groups = result.Array("logGroups").Select(g => new LogGroup(
            g.RequiredString("logGroupName"),
            g.String("arn"),
            g.Int("retentionInDays"),
            g.EpochMilliseconds("creationTime"))).ToList();
        return new DescribeLogGroupsResponse(groups, result.String("nextToken"));
    }

    public async Task PutRetentionPolicyAsync(string logGroupName, int retentionInDays, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(logGroupName);
        await _json.CallAsync("PutRetentionPolicy", w =>
        {
            w.WriteString("logGroupName", logGroupName);
            w.WriteNumber("retentionInDays", retentionInDays);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> CreateExportTaskAsync(CreateExportTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await _json.CallAsync("CreateExportTask", w =>
        {
            w.StringIfSet("taskName", request.TaskName);
            w.WriteString("logGroupName", request.LogGroupName);
            w.StringIfSet("logStreamNamePrefix", request.LogStreamNamePrefix);
            w.WriteNumber("from", request.From.ToUnixTimeMilliseconds());
            w.WriteNumber("to", request.To.ToUnixTimeMilliseconds());
            w.WriteString("destination", request.Destination);
            w.StringIfSet("destinationPrefix", request.DestinationPrefix);
        }, cancellationToken).ConfigureAwait(false);
        return result.RequiredString("taskId");
    }

    public async Task<DescribeExportTasksResponse> DescribeExportTasksAsync(DescribeExportTasksRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await _json.CallAsync("DescribeExportTasks", w =>
        {
            w.StringIfSet("taskId", request.TaskId);
            w.StringIfSet("statusCode", request.StatusCode);
            w.StringIfSet("nextToken", request.NextToken);
            w.NumberIfSet("limit", request.Limit);
        }, cancellationToken).ConfigureAwait(false);
        var tasks = result.Array("exportTasks").Select(t =>
        {
            var status = t.Member("status");
            return new ExportTask(
                t.RequiredString("taskId"),
                t.String("taskName"),
                t.String("logGroupName"),
                t.EpochMilliseconds("from"),
                t.EpochMilliseconds("to"),
                t.String("destination"),
                t.String("destinationPrefix"),
                status?.String("code"),
                status?.String("message"));
        }).ToList();
        return new DescribeExportTasksResponse(tasks, result.String("nextToken"));
    }

    public async Task CancelExportTaskAsync(string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        await _json.CallAsync("CancelExportTask", w => w.WriteString("taskId", taskId), cancellationToken).ConfigureAwait(false);
    }

    public async Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceArn);
        ArgumentNullException.ThrowIfNull(tags);
        await _json.CallAsync("TagResource", w =>
        {
            w.WriteString("resourceArn", resourceArn);
            w.MapIfSet("tags", tags);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceArn);
        var result = await _json.CallAsync("ListTagsForResource", w => w.WriteString("resourceArn", resourceArn), cancellationToken).ConfigureAwait(false);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (result.TryGetProperty("tags", out var map) && map.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            foreach (var tag in map.EnumerateObject())
            {
                tags[tag.Name] = tag.Value.GetString() ?? "";
            }
        }
        return tags;
    }
}
