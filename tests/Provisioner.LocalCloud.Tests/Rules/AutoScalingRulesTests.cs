using System.Net;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Rules;

public class AutoScalingRulesTests(MotoFixture moto)
{
    // AWS: CreateAutoScalingGroup errors: "AlreadyExists: You already have an Auto Scaling group or launch
    // configuration with this name." https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html
    // (moto 5.2.1 silently replaces the group and its instances.)
    [Fact]
    public async Task CreateAutoScalingGroup_NameInUse_AlreadyExists_AndTheGroupIsUntouched()
    {
        using var cloud = new TestCloud(moto);
        var lt = await Scenario.LaunchTemplateAsync(cloud, MotoFixture.Unique("lt"));
        var name = MotoFixture.Unique("asg");
        await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 2);
        var before = await InstancesAsync(cloud, name);

        var again = await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 1);

        Assert.Equal("AlreadyExists", again.Error);
        Assert.Equal(before, await InstancesAsync(cloud, name));
    }

    // AWS: UpdateAutoScalingGroup with a desired capacity outside the resulting min..max is a ValidationError
    // ("Desired capacity:0 must be between the specified min size:1 and max size:2"); moto 5.2.1 accepts it.
    // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_UpdateAutoScalingGroup.html
    [Fact]
    public async Task UpdateAutoScalingGroup_DesiredBelowMin_ValidationError_MinAndDesiredTogetherAccepted()
    {
        using var cloud = new TestCloud(moto);
        var lt = await Scenario.LaunchTemplateAsync(cloud, MotoFixture.Unique("lt"));
        var name = MotoFixture.Unique("asg");
        await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 0);
        var raised = await cloud.Aws.QueryAsync("autoscaling", "UpdateAutoScalingGroup", ("AutoScalingGroupName", name), ("MinSize", "1"), ("MaxSize", "2"), ("DesiredCapacity", "1"));

        var below = await cloud.Aws.QueryAsync("autoscaling", "UpdateAutoScalingGroup", ("AutoScalingGroupName", name), ("DesiredCapacity", "0"));
        var above = await cloud.Aws.QueryAsync("autoscaling", "UpdateAutoScalingGroup", ("AutoScalingGroupName", name), ("MinSize", "0"), ("DesiredCapacity", "3"));
        var asleep = await cloud.Aws.QueryAsync("autoscaling", "UpdateAutoScalingGroup", ("AutoScalingGroupName", name), ("MinSize", "0"), ("DesiredCapacity", "0"));

        Assert.Equal(HttpStatusCode.OK, raised.Status);
        Assert.Equal("ValidationError", below.Error);
        Assert.Contains("Desired capacity:0 must be between the specified min size:1 and max size:2", below.Xml.ToString(), StringComparison.Ordinal);
        Assert.Equal("ValidationError", above.Error);
        Assert.Equal(HttpStatusCode.OK, asleep.Status);
        var group = await cloud.Aws.QueryAsync("autoscaling", "DescribeAutoScalingGroups", ("AutoScalingGroupNames.member.1", name));
        Assert.Equal(("0", "2", "0"), (group.First("MinSize"), group.First("MaxSize"), group.First("DesiredCapacity")));
    }

    // Same rule while the group is being deleted (AWS keeps the name until the deletion ends).
    // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html
    [Fact]
    public async Task CreateAutoScalingGroup_NamePendingDelete_AlreadyExists_ThenAllowedWhenGone()
    {
        using var cloud = new TestCloud(moto);
        var lt = await Scenario.LaunchTemplateAsync(cloud, MotoFixture.Unique("lt"));
        var name = MotoFixture.Unique("asg");
        await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 0);
        await cloud.Aws.QueryAsync("autoscaling", "DeleteAutoScalingGroup", ("AutoScalingGroupName", name), ("ForceDelete", "true"));

        var during = await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 0);
        cloud.Advance(TimeSpan.FromMinutes(6));
        var after = await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 0);

        Assert.Equal("AlreadyExists", during.Error);
        Assert.Equal(HttpStatusCode.OK, after.Status);
    }

    // AWS: PutNotificationConfiguration "Configures an Auto Scaling group to send notifications when specified
    // events take place"; DescribeNotificationConfigurations lists them; deleting the group removes them.
    // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_PutNotificationConfiguration.html
    // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DescribeNotificationConfigurations.html
    // (moto 5.2.1 answers both with a 500: they are answered by the layer.)
    [Fact]
    public async Task PutNotificationConfiguration_StoredPerGroup_DescribedAndDeleted()
    {
        using var cloud = new TestCloud(moto);
        var lt = await Scenario.LaunchTemplateAsync(cloud, MotoFixture.Unique("lt"));
        var name = MotoFixture.Unique("asg");
        await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 0);
        var topic = "arn:aws:sns:us-east-1:123456789012:" + MotoFixture.Unique("alerts");

        var put = await cloud.Aws.QueryAsync("autoscaling", "PutNotificationConfiguration", ("AutoScalingGroupName", name), ("TopicARN", topic),
            ("NotificationTypes.member.1", "autoscaling:EC2_INSTANCE_LAUNCH"), ("NotificationTypes.member.2", "autoscaling:EC2_INSTANCE_TERMINATE"));
        var described = await cloud.Aws.QueryAsync("autoscaling", "DescribeNotificationConfigurations", ("AutoScalingGroupNames.member.1", name));
        var unknownGroup = await cloud.Aws.QueryAsync("autoscaling", "PutNotificationConfiguration", ("AutoScalingGroupName", MotoFixture.Unique("nope")),
            ("TopicARN", topic), ("NotificationTypes.member.1", "autoscaling:EC2_INSTANCE_LAUNCH"));
        var badType = await cloud.Aws.QueryAsync("autoscaling", "PutNotificationConfiguration", ("AutoScalingGroupName", name),
            ("TopicARN", topic), ("NotificationTypes.member.1", "autoscaling:EC2_INSTANCE_EXPLODE"));
        await cloud.Aws.QueryAsync("autoscaling", "DeleteAutoScalingGroup", ("AutoScalingGroupName", name), ("ForceDelete", "true"));
        var afterDelete = await cloud.Aws.QueryAsync("autoscaling", "DescribeNotificationConfigurations", ("AutoScalingGroupNames.member.1", name));

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal(["autoscaling:EC2_INSTANCE_LAUNCH", "autoscaling:EC2_INSTANCE_TERMINATE"], described.All("NotificationType").Select(e => e.Value));
        Assert.All(described.All("TopicARN"), e => Assert.Equal(topic, e.Value));
        Assert.Equal("ValidationError", unknownGroup.Error);
        Assert.Equal("ValidationError", badType.Error);
        Assert.Contains("NotificationTypes", badType.First("Message"), StringComparison.Ordinal);
        Assert.Empty(afterDelete.All("NotificationType"));
    }

    private static async Task<string[]> InstancesAsync(TestCloud cloud, string name) =>
        [.. (await cloud.Aws.QueryAsync("autoscaling", "DescribeAutoScalingGroups", ("AutoScalingGroupNames.member.1", name))).All("InstanceId").Select(e => e.Value).Order()];
}
