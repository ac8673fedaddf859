using Provisioner.Aws.AutoScaling;
using Provisioner.Aws.Ec2;
using Provisioner.LocalCloud;

namespace Provisioner.Aws.Tests.Moto;

/// <summary>
/// PutNotificationConfiguration round-trips through LocalCloud, which answers it where moto cannot
/// (LocalCloud's realism layer sits innermost in our pipeline, in front of the shared moto).
/// </summary>
public sealed class LocalCloudAutoScalingTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task PutNotificationConfiguration_RoundTrips_AndMissingGroupIsNotFound()
    {
        await using var cloud = await LocalCloud.LocalCloud.StartAsync(new LocalCloudOptions
        {
            Endpoint = Moto.Server.Endpoint,
            UseEnvironmentEndpoint = false,
            SeedLab = false,
            RateLimits = false,
        }, Ct);
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
