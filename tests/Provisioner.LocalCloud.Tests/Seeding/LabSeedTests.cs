using Amazon.EC2.Model;
using Provisioner.LocalCloud.Seeding;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Seeding;

public class LabSeedTests(MotoFixture moto)
{
    [Fact]
    public async Task Seed_DefaultVpcSubnetsInSeveralAzs_AndARunningAppServer()
    {
        using var cloud = new TestCloud(moto);
        var ct = TestContext.Current.CancellationToken;
        var seed = cloud.Seed;

        var vpc = (await cloud.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest { VpcIds = [seed.VpcId] }, ct)).Vpcs.Single();
        var subnets = (await cloud.Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = [.. seed.SubnetIds] }, ct)).Subnets;
        var instance = (await cloud.Ec2.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [seed.InstanceId] }, ct))
            .Reservations.Single().Instances.Single();

        Assert.True(vpc.IsDefault);
        Assert.All(subnets, s => Assert.Equal(seed.VpcId, s.VpcId));
        Assert.True(subnets.Select(s => s.AvailabilityZone).Distinct().Count() >= 2);
        Assert.Equal("running", instance.State.Name.Value);
        Assert.Contains(instance.Tags, t => t.Key == "Name" && t.Value == SeedInfo.AppServerName);
        Assert.Equal(seed.ImageId, instance.ImageId);
    }

    [Fact]
    public async Task Apply_Twice_ReusesTheAppServer()
    {
        var again = await LabSeed.ApplyAsync(moto.Cloud.Backchannel, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(moto.Cloud.Seed, again with { SubnetIds = moto.Cloud.Seed!.SubnetIds, AvailabilityZones = moto.Cloud.Seed.AvailabilityZones });
        Assert.Equal(moto.Cloud.Seed.SubnetIds, again.SubnetIds);
    }
}
