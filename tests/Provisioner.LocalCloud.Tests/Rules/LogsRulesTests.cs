using System.Net;
using System.Text.Json.Nodes;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Rules;

public class LogsRulesTests(MotoFixture moto)
{
    // AWS: "Each account can only have one active (RUNNING or PENDING) export task at a time."
    // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateExportTask.html
    // (moto 5.2.1 accepts any number and completes them at once.)
    [Fact]
    public async Task CreateExportTask_WhileOneIsActive_LimitExceeded_AllowedAgainWhenItCompletes()
    {
        using var cloud = new TestCloud(moto);
        var (groupA, groupB, bucket) = await SetUpAsync(cloud);

        var first = await ExportAsync(cloud, groupA, bucket);
        var second = await ExportAsync(cloud, groupB, bucket);
        var running = await StatusAsync(cloud, first.Json["taskId"]!.GetValue<string>());
        cloud.Advance(TimeSpan.FromMinutes(6));
        var completed = await StatusAsync(cloud, first.Json["taskId"]!.GetValue<string>());
        var third = await ExportAsync(cloud, groupB, bucket);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal("LimitExceededException", second.ErrorType);
        Assert.Contains(running, new[] { "PENDING", "RUNNING" });
        Assert.Equal("COMPLETED", completed);
        Assert.Equal(HttpStatusCode.OK, third.Status);
    }

    // AWS: "To cancel an export task, use CancelExportTask" (an active task; a cancelled task frees the slot).
    // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CancelExportTask.html
    [Fact]
    public async Task CancelExportTask_FreesTheSlot()
    {
        using var cloud = new TestCloud(moto);
        var (groupA, groupB, bucket) = await SetUpAsync(cloud);
        var taskId = (await ExportAsync(cloud, groupA, bucket)).Json["taskId"]!.GetValue<string>();

        var cancel = await cloud.Aws.JsonAsync("logs", "CancelExportTask", new JsonObject { ["taskId"] = taskId });
        var status = await StatusAsync(cloud, taskId);
        var next = await ExportAsync(cloud, groupB, bucket);

        Assert.Equal(HttpStatusCode.OK, cancel.Status);
        Assert.Equal("CANCELLED", status);
        Assert.Equal(HttpStatusCode.OK, next.Status);
    }

    private static async Task<(string, string, string)> SetUpAsync(TestCloud cloud)
    {
        var groupA = "/test/" + MotoFixture.Unique("a");
        var groupB = "/test/" + MotoFixture.Unique("b");
        var bucket = MotoFixture.Unique("bucket");
        await cloud.Aws.JsonAsync("logs", "CreateLogGroup", new JsonObject { ["logGroupName"] = groupA });
        await cloud.Aws.JsonAsync("logs", "CreateLogGroup", new JsonObject { ["logGroupName"] = groupB });
        using var put = new HttpRequestMessage(HttpMethod.Put, "/" + bucket);
        put.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await cloud.Http.SendAsync(put, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode);
        return (groupA, groupB, bucket);
    }

    private static Task<RawAws.JsonResult> ExportAsync(TestCloud cloud, string group, string bucket) =>
        cloud.Aws.JsonAsync("logs", "CreateExportTask", new JsonObject
        {
            ["logGroupName"] = group, ["from"] = 0, ["to"] = 1_000_000, ["destination"] = bucket,
        });

    private static async Task<string?> StatusAsync(TestCloud cloud, string taskId)
    {
        var described = await cloud.Aws.JsonAsync("logs", "DescribeExportTasks", new JsonObject { ["taskId"] = taskId });
        return described.Json["exportTasks"]?[0]?["status"]?["code"]?.GetValue<string>();
    }
}
