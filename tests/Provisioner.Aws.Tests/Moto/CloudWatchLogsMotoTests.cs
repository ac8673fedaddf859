using Amazon.S3.Model;
using Provisioner.Aws.CloudWatchLogs;

namespace Provisioner.Aws.Tests.Moto;

public sealed class CloudWatchLogsMotoTests(MotoFixture moto) : MotoTest(moto)
{
    private const string Group = "/provisioner/shop-dev/app";

    [Fact]
    public async Task LogGroup_CreateRetentionTagDescribeDelete_RoundTrips()
    {
        await Aws.CloudWatchLogs.CreateLogGroupAsync(Group, new Dictionary<string, string> { ["provisioner:environment"] = "shop-dev" }, Ct);
        await Aws.CloudWatchLogs.PutRetentionPolicyAsync(Group, 14, Ct);

        var group = Assert.Single((await Aws.CloudWatchLogs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = "/provisioner/shop-dev/" }, Ct)).LogGroups);
        Assert.Equal(Group, group.LogGroupName);
        Assert.Equal(14, group.RetentionInDays);
        Assert.NotNull(group.CreationTime);
        Assert.NotNull(group.Arn);

        await Aws.CloudWatchLogs.TagResourceAsync(group.Arn!.TrimEnd('*').TrimEnd(':'), new Dictionary<string, string> { ["provisioner:step"] = "ScheduleLogExport" }, Ct);
        var tags = await Aws.CloudWatchLogs.ListTagsForResourceAsync(group.Arn!.TrimEnd('*').TrimEnd(':'), Ct);
        Assert.Equal("shop-dev", tags["provisioner:environment"]);
        Assert.Equal("ScheduleLogExport", tags["provisioner:step"]);

        var exists = await Assert.ThrowsAsync<AwsServiceException>(() => Aws.CloudWatchLogs.CreateLogGroupAsync(Group, cancellationToken: Ct));
        Assert.Equal("ResourceAlreadyExistsException", exists.ErrorCode);

        await Aws.CloudWatchLogs.DeleteLogGroupAsync(Group, Ct);
        Assert.Empty((await Aws.CloudWatchLogs.DescribeLogGroupsAsync(new DescribeLogGroupsRequest { LogGroupNamePrefix = "/provisioner/shop-dev/" }, Ct)).LogGroups);
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => Aws.CloudWatchLogs.DeleteLogGroupAsync(Group, Ct));
        Assert.Equal("ResourceNotFoundException", missing.ErrorCode);
        Assert.True(missing.IsNotFound);
    }

    [Fact]
    public async Task ExportTask_CreateDescribeCancel_RoundTrips()
    {
        await Aws.S3.PutBucketAsync(new PutBucketRequest { BucketName = "prov-log-exports" }, Ct);
        await Aws.CloudWatchLogs.CreateLogGroupAsync(Group, cancellationToken: Ct);
        var from = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var taskId = await Aws.CloudWatchLogs.CreateExportTaskAsync(new CreateExportTaskRequest
        {
            TaskName = "prov-shop-dev-export",
            LogGroupName = Group,
            From = from,
            To = from.AddDays(1),
            Destination = "prov-log-exports",
            DestinationPrefix = "shop-dev",
        }, Ct);
        Assert.False(string.IsNullOrEmpty(taskId));

        var task = Assert.Single((await Aws.CloudWatchLogs.DescribeExportTasksAsync(new DescribeExportTasksRequest { TaskId = taskId }, Ct)).ExportTasks);
        Assert.Equal(Group, task.LogGroupName);
        Assert.Equal(from, task.From);
        Assert.Equal(from.AddDays(1), task.To);
        Assert.Equal("prov-log-exports", task.Destination);
        Assert.NotNull(task.StatusCode);

        // AWS refuses to cancel a finished task (InvalidOperationException); moto finishes exports at once and
        // cancels anyway, so what this round trip proves is the request and the status read back.
        await Aws.CloudWatchLogs.CancelExportTaskAsync(taskId, Ct);
        var cancelled = Assert.Single((await Aws.CloudWatchLogs.DescribeExportTasksAsync(new DescribeExportTasksRequest { TaskId = taskId }, Ct)).ExportTasks);
        Assert.Equal("CANCELLED", cancelled.StatusCode);

        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => Aws.CloudWatchLogs.CancelExportTaskAsync("no-such-task", Ct));
        Assert.True(missing.IsNotFound);
    }
}
