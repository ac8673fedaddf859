using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Rules;

/// <summary>The EC2 rules moto 5.2.1 does not enforce (each verified against moto first: it accepts or crashes).</summary>
public class Ec2RulesTests(MotoFixture moto)
{
    // AWS: AMI names are unique per account and region; a second CreateImage with the same name fails with
    // InvalidAMIName.Duplicate. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
    // ("InvalidAMIName.Duplicate: The specified AMI name is already in use by another AMI.")
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateImage.html
    [Fact]
    public async Task CreateImage_NameInUse_InvalidAmiNameDuplicate_AndNoSecondImage()
    {
        using var cloud = new TestCloud(moto);
        var ct = TestContext.Current.CancellationToken;
        var name = MotoFixture.Unique("ami");
        var first = await cloud.Ec2.CreateImageAsync(new CreateImageRequest { InstanceId = cloud.Seed.InstanceId, Name = name }, ct);

        var ex = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            cloud.Ec2.CreateImageAsync(new CreateImageRequest { InstanceId = cloud.Seed.InstanceId, Name = name }, ct));

        Assert.Equal("InvalidAMIName.Duplicate", ex.ErrorCode);
        Assert.Contains(first.ImageId, ex.Message, StringComparison.Ordinal);
        var images = await cloud.Ec2.DescribeImagesAsync(new DescribeImagesRequest
        {
            Owners = ["self"],
            Filters = [new Filter("name", [name])],
        }, ct);
        Assert.Single(images.Images);
    }

    // AWS: CreateImage TagSpecifications with ResourceType=snapshot tags the snapshots the image is made of
    // ("To tag the snapshots that are created of the root volume and of other Amazon EBS volumes that are
    // attached to the instance, the value for ResourceType must be snapshot.")
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateImage.html  (moto 5.2.1 answers 500.)
    [Fact]
    public async Task CreateImage_SnapshotTagSpecification_TagsTheImageAndItsSnapshots()
    {
        using var cloud = new TestCloud(moto);
        var ct = TestContext.Current.CancellationToken;
        var env = MotoFixture.Unique("env");
        var tags = new List<Tag> { new("provisioner:environment", env), new("provisioner:managed", "true") };

        var created = await cloud.Ec2.CreateImageAsync(new CreateImageRequest
        {
            InstanceId = cloud.Seed.InstanceId,
            Name = MotoFixture.Unique("ami"),
            TagSpecifications =
            [
                new TagSpecification { ResourceType = ResourceType.Image, Tags = tags },
                new TagSpecification { ResourceType = ResourceType.Snapshot, Tags = tags },
            ],
        }, ct);

        var image = (await cloud.Ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [created.ImageId] }, ct)).Images.Single();
        Assert.Contains(image.Tags, t => t.Key == "provisioner:environment" && t.Value == env);
        var snapshotIds = image.BlockDeviceMappings.Where(b => b.Ebs?.SnapshotId is not null).Select(b => b.Ebs.SnapshotId).ToList();
        Assert.NotEmpty(snapshotIds);
        var snapshots = await cloud.Ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = snapshotIds }, ct);
        Assert.All(snapshots.Snapshots, s => Assert.Contains(s.Tags, t => t.Key == "provisioner:environment" && t.Value == env));
    }

    // AWS: "If you repeat the request with the same client token and the same parameters, ... the request
    // succeeds without doing anything more (the original result is returned); with different parameters
    // it fails with IdempotentParameterMismatch."
    // https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateLaunchTemplate.html (ClientToken)
    [Fact]
    public async Task CreateLaunchTemplate_SameClientToken_ReturnsTheSameTemplate_DifferentParameters_Mismatch()
    {
        using var cloud = new TestCloud(moto);
        var name = MotoFixture.Unique("lt");
        var token = MotoFixture.Unique("token");
        (string, string)[] parameters = [("LaunchTemplateName", name), ("ClientToken", token), ("LaunchTemplateData.ImageId", cloud.Seed.ImageId)];

        var first = await cloud.Aws.QueryAsync("ec2", "CreateLaunchTemplate", parameters);
        var retry = await cloud.Aws.QueryAsync("ec2", "CreateLaunchTemplate", parameters);
        var changed = await cloud.Aws.QueryAsync("ec2", "CreateLaunchTemplate",
            ("LaunchTemplateName", name), ("ClientToken", token), ("LaunchTemplateData.ImageId", cloud.Seed.ImageId), ("LaunchTemplateData.InstanceType", "t3.large"));
        var templates = await cloud.Aws.QueryAsync("ec2", "DescribeLaunchTemplates", ("LaunchTemplateName.1", name));

        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal(first.First("launchTemplateId"), retry.First("launchTemplateId"));
        Assert.Equal("IdempotentParameterMismatch", changed.Error);
        Assert.Single(templates.All("launchTemplateId"));
    }

    // AWS: "If you attempt to delete a security group that is associated with an instance or network
    // interface, is referenced by another security group in the same VPC, ... the operation fails with
    // DependencyViolation." https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html
    [Fact]
    public async Task DeleteSecurityGroup_ReferencedByAnotherGroupsRule_DependencyViolation_UntilTheRuleGoes()
    {
        using var cloud = new TestCloud(moto);
        var alb = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("alb-sg"));
        var app = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("app-sg"));
        (string, string)[] rule =
        [
            ("GroupId", app), ("IpPermissions.1.IpProtocol", "tcp"), ("IpPermissions.1.FromPort", "5000"),
            ("IpPermissions.1.ToPort", "5000"), ("IpPermissions.1.Groups.1.GroupId", alb),
        ];
        Assert.Equal(HttpStatusCode.OK, (await cloud.Aws.QueryAsync("ec2", "AuthorizeSecurityGroupIngress", rule)).Status);

        var referenced = await cloud.Aws.QueryAsync("ec2", "DeleteSecurityGroup", ("GroupId", alb));
        await cloud.Aws.QueryAsync("ec2", "DeleteSecurityGroup", ("GroupId", app));
        var free = await cloud.Aws.QueryAsync("ec2", "DeleteSecurityGroup", ("GroupId", alb));

        Assert.Equal("DependencyViolation", referenced.Error);
        Assert.Equal(HttpStatusCode.OK, free.Status);
    }

    // Same rule, the "associated with an instance" case. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html
    [Fact]
    public async Task DeleteSecurityGroup_InUseByARunningInstance_DependencyViolation()
    {
        using var cloud = new TestCloud(moto);
        var ct = TestContext.Current.CancellationToken;
        var sg = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("app-sg"));
        var run = await cloud.Ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = cloud.Seed.ImageId, MinCount = 1, MaxCount = 1, InstanceType = InstanceType.T3Micro,
            SecurityGroupIds = [sg], SubnetId = cloud.Seed.SubnetIds[0],
        }, ct);

        var inUse = await Assert.ThrowsAsync<AmazonEC2Exception>(() => cloud.Ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = sg }, ct));
        await cloud.Ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [run.Reservation.Instances[0].InstanceId] }, ct);
        await cloud.Ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = sg }, ct);

        Assert.Equal("DependencyViolation", inUse.ErrorCode);
    }
}

public class TerminatingInstanceSecurityGroupTests(MotoFixture moto)
{
    // DeleteSecurityGroup: DependencyViolation while "associated with an instance"; an Auto Scaling group's
    // instances keep their groups until they have terminated, minutes after DeleteAutoScalingGroup.
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html
    // https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_DeleteAutoScalingGroup.html (ForceDelete: the group is deleted and its instances terminated)
    [Fact]
    public async Task DeleteSecurityGroup_OfInstancesOfAGroupBeingDeleted_DependencyViolation_ThenAllowed()
    {
        using var cloud = new TestCloud(moto);
        var sg = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("app-sg"));
        var lt = (await cloud.Aws.QueryAsync("ec2", "CreateLaunchTemplate", ("LaunchTemplateName", MotoFixture.Unique("lt")),
            ("LaunchTemplateData.ImageId", cloud.Seed.ImageId), ("LaunchTemplateData.SecurityGroupId.1", sg))).First("launchTemplateId")!;
        var name = MotoFixture.Unique("asg");
        await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 1);
        await cloud.Aws.QueryAsync("autoscaling", "DeleteAutoScalingGroup", ("AutoScalingGroupName", name), ("ForceDelete", "true"));

        var during = await cloud.Aws.QueryAsync("ec2", "DeleteSecurityGroup", ("GroupId", sg));
        cloud.Advance(TimeSpan.FromMinutes(6));
        var after = await cloud.Aws.QueryAsync("ec2", "DeleteSecurityGroup", ("GroupId", sg));

        Assert.Equal("DependencyViolation", during.Error);
        Assert.Equal(System.Net.HttpStatusCode.OK, after.Status);
    }
}
