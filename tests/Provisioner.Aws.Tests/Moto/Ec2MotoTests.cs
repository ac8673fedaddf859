using Provisioner.Aws.Ec2;

namespace Provisioner.Aws.Tests.Moto;

public sealed class Ec2MotoTests(MotoFixture moto) : MotoTest(moto)
{
    private static readonly Dictionary<string, string> EnvTag = new() { ["provisioner:environment"] = "shop-dev" };

    private async Task<Instance> SeedInstanceAsync()
    {
        var (_, subnets) = await Moto.DefaultNetworkAsync(Ct);
        var ami = (await Aws.Ec2.DescribeImagesAsync(new DescribeImagesRequest(), Ct))[0].ImageId;
        var launched = await Aws.Ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = ami,
            InstanceType = "t3.micro",
            SubnetId = subnets[0],
            UserData = "#!/bin/bash\necho hi",
            Tags = new Dictionary<string, string> { ["Name"] = "app-server" },
        }, Ct);
        return Assert.Single(launched);
    }

    [Fact]
    public async Task Image_RunInstanceCreateDescribeDeregister_RoundTrips()
    {
        var instance = await SeedInstanceAsync();
        var described = Assert.Single(await Aws.Ec2.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [Ec2Filter.Tag("Name", "app-server")] }, Ct));
        Assert.Equal(instance.InstanceId, described.InstanceId);
        Assert.Equal("t3.micro", described.InstanceType);
        Assert.NotNull(described.VpcId);

        var imageId = await Aws.Ec2.CreateImageAsync(new CreateImageRequest
        {
            InstanceId = instance.InstanceId,
            Name = "prov-shop-dev-ami",
            Description = "baked by Provisioner",
            NoReboot = true,
            ImageTags = EnvTag,
        }, Ct);
        Assert.StartsWith("ami-", imageId);

        var byId = Assert.Single(await Aws.Ec2.DescribeImagesAsync(DescribeImagesRequest.ById(imageId), Ct));
        Assert.Equal("prov-shop-dev-ami", byId.Name);
        Assert.Contains(byId.State, new[] { "pending", "available" });
        Assert.Equal("shop-dev", byId.Tags["provisioner:environment"]);
        Assert.Equal(imageId, Assert.Single(await Aws.Ec2.DescribeImagesAsync(DescribeImagesRequest.ByName("prov-shop-dev-ami"), Ct)).ImageId);
        Assert.Equal(imageId, Assert.Single(await Aws.Ec2.DescribeImagesAsync(DescribeImagesRequest.ByTag("provisioner:environment", "shop-dev"), Ct)).ImageId);

        await Aws.Ec2.DeregisterImageAsync(imageId, Ct);
        Assert.Empty(await Aws.Ec2.DescribeImagesAsync(DescribeImagesRequest.ByName("prov-shop-dev-ami"), Ct));
    }

    [Fact]
    public async Task Snapshot_TagDescribeDelete_RoundTrips_AndMissingIsNotFound()
    {
        var instance = await SeedInstanceAsync();
        var imageId = await Aws.Ec2.CreateImageAsync(new CreateImageRequest { InstanceId = instance.InstanceId, Name = "prov-shop-dev-ami" }, Ct);
        var snapshotIds = Assert.Single(await Aws.Ec2.DescribeImagesAsync(DescribeImagesRequest.ById(imageId), Ct)).SnapshotIds;
        var snapshotId = Assert.Single(snapshotIds);

        await Aws.Ec2.CreateTagsAsync([snapshotId], EnvTag, Ct);
        var snapshot = Assert.Single(await Aws.Ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { Filters = [Ec2Filter.Tag("provisioner:environment", "shop-dev")] }, Ct));
        Assert.Equal(snapshotId, snapshot.SnapshotId);

        await Aws.Ec2.DeregisterImageAsync(imageId, Ct);
        await Aws.Ec2.DeleteSnapshotAsync(snapshotId, Ct);
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Aws.Ec2.DeleteSnapshotAsync(snapshotId, Ct));
        Assert.Equal("InvalidSnapshot.NotFound", error.ErrorCode);
        Assert.True(error.IsNotFound);
        Assert.Equal("ec2", error.Service);
        Assert.Equal("DeleteSnapshot", error.Action);
    }

    [Fact]
    public async Task SecurityGroups_CreateAuthorizeDescribeDelete_RoundTrip()
    {
        var (vpcId, _) = await Moto.DefaultNetworkAsync(Ct);
        var albSg = await Aws.Ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "prov-shop-dev-alb-sg", Description = "ALB", VpcId = vpcId, Tags = EnvTag }, Ct);
        var appSg = await Aws.Ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "prov-shop-dev-app-sg", Description = "app", VpcId = vpcId, Tags = EnvTag }, Ct);

        await Aws.Ec2.AuthorizeSecurityGroupIngressAsync(albSg, [new IngressRule("tcp", 80, 80, CidrIp: "0.0.0.0/0"), new IngressRule("tcp", 443, 443, CidrIp: "0.0.0.0/0")], Ct);
        await Aws.Ec2.AuthorizeSecurityGroupIngressAsync(appSg, [new IngressRule("tcp", 5000, 5000, SourceSecurityGroupId: albSg, Description: "from the ALB only")], Ct);

        var app = Assert.Single(await Aws.Ec2.DescribeSecurityGroupsAsync(DescribeSecurityGroupsRequest.ByName(vpcId, "prov-shop-dev-app-sg"), Ct));
        Assert.Equal(appSg, app.GroupId);
        var rule = Assert.Single(app.IngressRules);
        Assert.Equal(albSg, rule.SourceSecurityGroupId);
        Assert.Equal(5000, rule.FromPort);
        var tagged = await Aws.Ec2.DescribeSecurityGroupsAsync(DescribeSecurityGroupsRequest.ByTag("provisioner:environment", "shop-dev"), Ct);
        Assert.Equal(new[] { albSg, appSg }.Order(), tagged.Select(g => g.GroupId).Order());
        var alb = Assert.Single(await Aws.Ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupIds = [albSg] }, Ct));
        Assert.Equal(2, alb.IngressRules.Count);

        var duplicate = await Assert.ThrowsAsync<AwsServiceException>(() =>
            Aws.Ec2.AuthorizeSecurityGroupIngressAsync(albSg, [new IngressRule("tcp", 80, 80, CidrIp: "0.0.0.0/0")], Ct));
        Assert.Equal("InvalidPermission.Duplicate", duplicate.ErrorCode);

        await Aws.Ec2.DeleteSecurityGroupAsync(appSg, Ct);
        await Aws.Ec2.DeleteSecurityGroupAsync(albSg, Ct);
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => Aws.Ec2.DeleteSecurityGroupAsync(albSg, Ct));
        Assert.Equal("InvalidGroup.NotFound", missing.ErrorCode);
        Assert.True(missing.IsNotFound);
    }

    [Fact]
    public async Task LaunchTemplate_CreateDescribeDelete_RoundTrips()
    {
        var ami = (await Aws.Ec2.DescribeImagesAsync(new DescribeImagesRequest(), Ct))[0].ImageId;
        var created = await Aws.Ec2.CreateLaunchTemplateAsync(new CreateLaunchTemplateRequest
        {
            LaunchTemplateName = "prov-shop-dev-lt",
            ClientToken = "prov-shop-dev-CreateLaunchTemplate",
            ImageId = ami,
            InstanceType = "t3.micro",
            UserData = "#!/bin/bash\necho hi",
            Tags = EnvTag,
            InstanceTags = EnvTag,
        }, Ct);
        Assert.StartsWith("lt-", created.LaunchTemplateId);
        Assert.Equal(1, created.LatestVersionNumber);

        var described = Assert.Single(await Aws.Ec2.DescribeLaunchTemplatesAsync(new DescribeLaunchTemplatesRequest { LaunchTemplateNames = ["prov-shop-dev-lt"] }, Ct));
        Assert.Equal(created.LaunchTemplateId, described.LaunchTemplateId);
        Assert.Equal("shop-dev", described.Tags["provisioner:environment"]);

        await Aws.Ec2.DeleteLaunchTemplateAsync(created.LaunchTemplateId, null, Ct);
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            Aws.Ec2.DescribeLaunchTemplatesAsync(new DescribeLaunchTemplatesRequest { LaunchTemplateNames = ["prov-shop-dev-lt"] }, Ct));
        Assert.True(error.IsNotFound, error.ErrorCode);
    }
}
