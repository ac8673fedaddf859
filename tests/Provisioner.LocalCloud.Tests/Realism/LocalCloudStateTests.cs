using System.Net;
using System.Text.Json.Nodes;
using Amazon.EC2.Model;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Realism;

/// <summary>
/// The realism layer's memory outlives the process: a new layer on the same state file and the same moto (an
/// emulator that outlived a killed <c>up</c>) sees the same lifecycle clocks, client tokens and active export task.
/// </summary>
public class LocalCloudStateTests(MotoFixture moto)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NewLayer_SameStateFileAndMoto_KeepsTheAmiClock_TheClientToken_AndTheExportSlot()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("localcloud-state-").FullName, "localcloud.json");
        var templateName = MotoFixture.Unique("lt");
        var token = MotoFixture.Unique("token");
        string imageId, templateId, taskId, creationDate, groupB, bucket;
        DateTimeOffset stoppedAt;
        using (var first = new TestCloud(moto, statePath: path))
        {
            imageId = (await first.Ec2.CreateImageAsync(new CreateImageRequest { InstanceId = first.Seed.InstanceId, Name = MotoFixture.Unique("ami") }, Ct)).ImageId;
            templateId = (await first.Aws.QueryAsync("ec2", "CreateLaunchTemplate", TemplateParameters(first, templateName, token))).First("launchTemplateId")!;
            (var groupA, groupB, bucket) = await LogsAsync(first);
            taskId = (await ExportAsync(first, groupA, bucket)).Json["taskId"]!.GetValue<string>();
            var image = await ImageAsync(first, imageId);
            Assert.Equal("pending", image.State);
            creationDate = image.CreationDate;
            first.Advance(TimeSpan.FromSeconds(30));
            stoppedAt = first.Time.GetUtcNow();
        }

        using var second = new TestCloud(moto, statePath: path, start: stoppedAt);
        var resumed = await ImageAsync(second, imageId);
        var retried = await second.Aws.QueryAsync("ec2", "CreateLaunchTemplate", TemplateParameters(second, templateName, token));
        var secondExport = await ExportAsync(second, groupB, bucket);
        second.Advance(TimeSpan.FromMinutes(11)); // past the longest AMI (10 min) and export (5 min) the model samples
        var available = await ImageAsync(second, imageId);
        var exportDone = await ExportStatusAsync(second, taskId);

        Assert.Equal("pending", resumed.State);
        Assert.Equal(creationDate, resumed.CreationDate); // the same clock, not a new one started at the restart
        Assert.Equal(HttpStatusCode.OK, retried.Status);
        Assert.Equal(templateId, retried.First("launchTemplateId"));
        Assert.Equal("LimitExceededException", secondExport.ErrorType);
        Assert.Equal("available", available.State);
        Assert.Equal("COMPLETED", exportDone);
        Assert.True(LocalCloudState.SavedNow(path) <= stoppedAt);

        // Without the file a new layer knows none of it: moto's own answers (the AMI available at once, the token ignored).
        using var forgetful = new TestCloud(moto, start: stoppedAt);
        Assert.Equal("available", (await ImageAsync(forgetful, imageId)).State);
        Assert.Equal(HttpStatusCode.BadRequest, (await forgetful.Aws.QueryAsync("ec2", "CreateLaunchTemplate", TemplateParameters(forgetful, templateName, token))).Status);
    }

    [Fact]
    public async Task NewLayer_SameStateFile_AutoScalingGroupStillDeleting_AndItsNotificationsKept()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("localcloud-state-").FullName, "localcloud.json");
        var deleted = MotoFixture.Unique("asg");
        var kept = MotoFixture.Unique("asg");
        var topic = $"arn:aws:sns:us-east-1:123456789012:{MotoFixture.Unique("topic")}";
        DateTimeOffset stoppedAt;
        using (var first = new TestCloud(moto, statePath: path))
        {
            var template = await Scenario.LaunchTemplateAsync(first, MotoFixture.Unique("lt"));
            Assert.Equal(HttpStatusCode.OK, (await Scenario.AutoScalingGroupAsync(first, deleted, template, desired: 1)).Status);
            Assert.Equal(HttpStatusCode.OK, (await Scenario.AutoScalingGroupAsync(first, kept, template, desired: 0)).Status);
            Assert.Equal(HttpStatusCode.OK, (await first.Aws.QueryAsync("autoscaling", "PutNotificationConfiguration",
                ("AutoScalingGroupName", kept), ("TopicARN", topic), ("NotificationTypes.member.1", "autoscaling:EC2_INSTANCE_LAUNCH"))).Status);
            Assert.Equal(HttpStatusCode.OK, (await first.Aws.QueryAsync("autoscaling", "DeleteAutoScalingGroup",
                ("AutoScalingGroupName", deleted), ("ForceDelete", "true"))).Status);
            stoppedAt = first.Time.GetUtcNow();
        }

        using var second = new TestCloud(moto, statePath: path, start: stoppedAt);
        var deleting = await second.Aws.QueryAsync("autoscaling", "DescribeAutoScalingGroups", ("AutoScalingGroupNames.member.1", deleted));
        var notifications = await second.Aws.QueryAsync("autoscaling", "DescribeNotificationConfigurations", ("AutoScalingGroupNames.member.1", kept));
        second.Advance(TimeSpan.FromMinutes(11)); // past the longest drain (5 min) plus group delete (5 min)
        var gone = await second.Aws.QueryAsync("autoscaling", "DescribeAutoScalingGroups", ("AutoScalingGroupNames.member.1", deleted));

        Assert.Equal("Delete in progress", deleting.First("Status"));
        Assert.Equal(topic, notifications.First("TopicARN"));
        Assert.Empty(gone.All("AutoScalingGroupName"));
        await second.Aws.QueryAsync("autoscaling", "DeleteAutoScalingGroup", ("AutoScalingGroupName", kept), ("ForceDelete", "true"));
    }

    private static (string, string)[] TemplateParameters(TestCloud cloud, string name, string token) =>
        [("LaunchTemplateName", name), ("ClientToken", token), ("LaunchTemplateData.ImageId", cloud.Seed.ImageId)];

    private static async Task<(string State, string CreationDate)> ImageAsync(TestCloud cloud, string imageId)
    {
        var image = (await cloud.Ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [imageId] }, Ct)).Images.Single();
        return (image.State.Value, image.CreationDate);
    }

    private static async Task<(string, string, string)> LogsAsync(TestCloud cloud)
    {
        var groupA = "/test/" + MotoFixture.Unique("a");
        var groupB = "/test/" + MotoFixture.Unique("b");
        var bucket = MotoFixture.Unique("bucket");
        await cloud.Aws.JsonAsync("logs", "CreateLogGroup", new JsonObject { ["logGroupName"] = groupA });
        await cloud.Aws.JsonAsync("logs", "CreateLogGroup", new JsonObject { ["logGroupName"] = groupB });
        using var put = new HttpRequestMessage(HttpMethod.Put, "/" + bucket);
        put.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00");
        using var response = await cloud.Http.SendAsync(put, Ct);
        Assert.True(response.IsSuccessStatusCode);
        return (groupA, groupB, bucket);
    }

    private static Task<RawAws.JsonResult> ExportAsync(TestCloud cloud, string group, string bucket) =>
        cloud.Aws.JsonAsync("logs", "CreateExportTask", new JsonObject
        {
            ["logGroupName"] = group, ["from"] = 0, ["to"] = 1_000_000, ["destination"] = bucket,
        });

    private static async Task<string?> ExportStatusAsync(TestCloud cloud, string taskId)
    {
        var described = await cloud.Aws.JsonAsync("logs", "DescribeExportTasks", new JsonObject { ["taskId"] = taskId });
        return described.Json["exportTasks"]?[0]?["status"]?["code"]?.GetValue<string>();
    }
}
