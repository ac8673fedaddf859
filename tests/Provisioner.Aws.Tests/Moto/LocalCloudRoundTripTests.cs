using Provisioner.Aws.AutoScaling;
using Provisioner.Aws.Ec2;
using Provisioner.LocalCloud;

namespace Provisioner.Aws.Tests.Moto;

/// <summary>
/// The calls moto cannot answer as AWS does round-trip through LocalCloud (its realism layer sits innermost
/// in our pipeline, in front of the shared moto): PutNotificationConfiguration, snapshot tags in CreateImage.
/// </summary>
public sealed class LocalCloudRoundTripTests(MotoFixture moto) : MotoTest(moto)
{
    private Task<LocalCloud.LocalCloud> StartCloudAsync() => LocalCloud.LocalCloud.StartAsync(new LocalCloudOptions
    {
        Endpoint = Moto.Server.Endpoint,
        UseEnvironmentEndpoint = false,
        SeedLab = false,
        RateLimits = false,
    }, Ct);

    [Fact]
    public async Task CreateImage_WithSnapshotTags_TagsTheSnapshots()
    {
        await using var cloud = await StartCloudAsync();
        using var aws = cloud.CreateClients();
        var (_, subnets) = await Moto.DefaultNetworkAsync(Ct);
        var ami = (await aws.Ec2.DescribeImagesAsync(new DescribeImagesRequest(), Ct))[0].ImageId;
        var instance = Assert.Single(await aws.Ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = ami, InstanceType = "t3.micro", SubnetId = subnets[0] }, Ct));

        var imageId = await aws.Ec2.CreateImageAsync(new CreateImageRequest
        {
            InstanceId = instance.InstanceId,
            Name = "prov-shop-dev-ami",
            ImageTags = new Dictionary<string, string> { ["provisioner:environment"] = "shop-dev", ["provisioner:step"] = "CreateAmi" },
            SnapshotTags = new Dictionary<string, string> { ["provisioner:environment"] = "shop-dev", ["provisioner:step"] = "CreateAmi" },
        }, Ct);

        var image = Assert.Single(await aws.Ec2.DescribeImagesAsync(DescribeImagesRequest.ById(imageId), Ct));
        Assert.Equal("CreateAmi", image.Tags["provisioner:step"]);
        var snapshots = await aws.Ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { Filters = [Ec2Filter.Tag("provisioner:environment", "shop-dev")] }, Ct);
        Assert.NotEmpty(snapshots);
        Assert.Equal(image.SnapshotIds.Order(), snapshots.Select(s => s.SnapshotId).Order());
    }

    [Fact]
    public async Task PutNotificationConfiguration_RoundTrips_AndMissingGroupIsNotFound()
    {
        await using var cloud = await StartCloudAsync();
        using var aws = cloud.CreateClients();

        var (_, subnets) = await Moto.DefaultNetworkAsync(Ct);
        var ami = (await aws.Ec2.DescribeImagesAsync(new DescribeImagesRequest(), Ct))[0].ImageId;
        var template = await aws.Ec2.CreateLaunchTemplateAsync(new CreateLaunchTemplateRequest { LaunchTemplateName = "prov-shop-dev-lt", ImageId = ami, InstanceType = "t3.micro" }, Ct);
        await aws.AutoScaling.CreateAutoScalingGroupAsync(new CreateAutoScalingGroupRequest
        {
            AutoScalingGroupName = "prov-shop-dev-asg",
            LaunchTemplate = new LaunchTemplateSpecification(template.LaunchTemplateId, null, "$Latest"),
            MinSize = 0,
            MaxSize = 1,
            DesiredCapacity = 0,
            SubnetIds = subnets,
        }, Ct);
        var topic = await aws.Sns.CreateTopicAsync("prov-shop-dev-alerts", cancellationToken: Ct);
        string[] types = [AutoScalingNotificationTypes.InstanceLaunch, AutoScalingNotificationTypes.InstanceLaunchError, AutoScalingNotificationTypes.InstanceTerminate, AutoScalingNotificationTypes.InstanceTerminateError];

        await aws.AutoScaling.PutNotificationConfigurationAsync("prov-shop-dev-asg", topic, types, Ct);
        // Put is an upsert: the same call again is fine.
        await aws.AutoScaling.PutNotificationConfigurationAsync("prov-shop-dev-asg", topic, types, Ct);

        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => aws.AutoScaling.PutNotificationConfigurationAsync("prov-missing-asg", topic, types, Ct));
        Assert.Equal("ValidationError", missing.ErrorCode);
        Assert.True(missing.IsNotFound);
    }
}
