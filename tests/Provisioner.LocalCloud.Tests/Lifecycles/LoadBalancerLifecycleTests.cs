using System.Net;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Lifecycles;

public class LoadBalancerLifecycleTests(MotoFixture moto)
{
    [Fact]
    public async Task CreateLoadBalancer_ProvisioningUntilSampledDuration_ThenActive()
    {
        using var cloud = new TestCloud(moto);
        var sg = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("alb-sg"));
        var created = await Scenario.LoadBalancerAsync(cloud, MotoFixture.Unique("alb"), sg);
        var arn = created.First("LoadBalancerArn")!;
        var clock = cloud.Layer.Timeline.Find("alb:" + arn)!;

        Assert.Equal("provisioning", created.First("Code"));
        Assert.Equal(cloud.Time.GetUtcNow(), DateTimeOffset.Parse(created.First("CreatedTime")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(clock.Duration, TimeSpan.FromSeconds(135), TimeSpan.FromSeconds(187));
        Assert.Equal("provisioning", await StateAsync(cloud, arn));
        cloud.Advance(clock.Duration - TimeSpan.FromSeconds(1));
        Assert.Equal("provisioning", await StateAsync(cloud, arn));
        cloud.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("active", await StateAsync(cloud, arn));
    }

    [Fact]
    public async Task DeleteLoadBalancer_ItsSecurityGroupStaysInUseForSeconds_ThenDeletes()
    {
        using var cloud = new TestCloud(moto);
        var sg = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("alb-sg"));
        var arn = (await Scenario.LoadBalancerAsync(cloud, MotoFixture.Unique("alb"), sg)).First("LoadBalancerArn")!;

        var whileAlive = await cloud.Aws.QueryAsync("ec2", "DeleteSecurityGroup", ("GroupId", sg));
        var deleted = await cloud.Aws.QueryAsync("elasticloadbalancing", "DeleteLoadBalancer", ("LoadBalancerArn", arn));
        var rightAfter = await cloud.Aws.QueryAsync("ec2", "DeleteSecurityGroup", ("GroupId", sg));
        cloud.Advance(TimeSpan.FromSeconds(31));
        var later = await cloud.Aws.QueryAsync("ec2", "DeleteSecurityGroup", ("GroupId", sg));

        Assert.Equal("DependencyViolation", whileAlive.Error);
        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("DependencyViolation", rightAfter.Error);
        Assert.Equal(HttpStatusCode.OK, later.Status);
    }

    [Fact]
    public async Task DeleteLoadBalancer_RecordsTheRelease_TheGroupDeletesExactlyWhenItEnds()
    {
        using var cloud = new TestCloud(moto);
        var sg = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("alb-sg"));
        var arn = (await Scenario.LoadBalancerAsync(cloud, MotoFixture.Unique("alb"), sg)).First("LoadBalancerArn")!;

        var deletedAt = cloud.Time.GetUtcNow();
        await cloud.Aws.QueryAsync("elasticloadbalancing", "DeleteLoadBalancer", ("LoadBalancerArn", arn));
        var release = Assert.Single(cloud.Layer.Timeline.Recorded, c => c.Key == "alb-delete:" + arn);
        cloud.Advance(release.Duration - TimeSpan.FromSeconds(1));
        var justBefore = await cloud.Aws.QueryAsync("ec2", "DeleteSecurityGroup", ("GroupId", sg));
        cloud.Advance(TimeSpan.FromSeconds(1));
        var atTheEnd = await cloud.Aws.QueryAsync("ec2", "DeleteSecurityGroup", ("GroupId", sg));

        Assert.Equal(Provisioner.LocalCloud.Time.LatencyKind.LoadBalancerDelete, release.Kind);
        Assert.Equal(deletedAt, release.Start);
        Assert.InRange(release.Duration, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));
        Assert.Equal("DependencyViolation", justBefore.Error);
        Assert.Equal(HttpStatusCode.OK, atTheEnd.Status);
    }

    private static async Task<string?> StateAsync(TestCloud cloud, string arn) =>
        (await cloud.Aws.QueryAsync("elasticloadbalancing", "DescribeLoadBalancers", ("LoadBalancerArns.member.1", arn))).First("Code");
}
