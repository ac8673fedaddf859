using System.Net;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Rules;

/// <summary>
/// AWS's default service quotas, counted from what exists in the emulator. The moto is shared with other test
/// classes running alongside, so a region-wide quota is set to what exists once this test's own resource does
/// (never below it whatever others do), not to a fixed number.
/// </summary>
public class ServiceQuotaRulesTests(MotoFixture moto)
{
    // AWS: "Application Load Balancers per Region: 50, adjustable"
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
    // CreateLoadBalancer errors: TooManyLoadBalancers (botocore elbv2 TooManyLoadBalancersException, HTTP 400).
    [Fact]
    public async Task CreateLoadBalancer_AtTheQuota_TooManyLoadBalancers_NamingIt_TheSameNameStillIdempotent_RaisedAllowed()
    {
        using var cloud = new TestCloud(moto);
        var sg = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("q-sg"));
        var name = MotoFixture.Unique("q-alb");
        var first = await Scenario.LoadBalancerAsync(cloud, name, sg);
        Assert.Equal(HttpStatusCode.OK, first.Status);

        cloud.Layer.Quotas = new ServiceQuotas { ApplicationLoadBalancersPerRegion = 1 };
        var over = await Scenario.LoadBalancerAsync(cloud, MotoFixture.Unique("q-alb"), sg);
        var again = await Scenario.LoadBalancerAsync(cloud, name, sg);
        cloud.Layer.Quotas = new ServiceQuotas { ApplicationLoadBalancersPerRegion = 100_000 };
        var raised = await Scenario.LoadBalancerAsync(cloud, MotoFixture.Unique("q-alb"), sg);

        Assert.Equal(HttpStatusCode.BadRequest, over.Status);
        Assert.Equal("TooManyLoadBalancers", over.Error);
        Assert.Contains("Application Load Balancers per Region, 1", over.Xml.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(first.First("LoadBalancerArn"), again.First("LoadBalancerArn"));
        Assert.Equal(HttpStatusCode.OK, raised.Status);
    }

    // AWS: "Listeners per Application Load Balancer: 50"
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
    // CreateListener errors: TooManyListeners (botocore elbv2 TooManyListenersException, HTTP 400).
    [Fact]
    public async Task CreateListener_AtTheQuotaOfItsLoadBalancer_TooManyListeners_AnotherLoadBalancerUnaffected()
    {
        using var cloud = new TestCloud(moto);
        var sg = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("q-sg"));
        var tg = await Scenario.TargetGroupAsync(cloud, MotoFixture.Unique("q-tg"));
        var a = (await Scenario.LoadBalancerAsync(cloud, MotoFixture.Unique("q-alb"), sg)).First("LoadBalancerArn")!;
        var b = (await Scenario.LoadBalancerAsync(cloud, MotoFixture.Unique("q-alb"), sg)).First("LoadBalancerArn")!;
        cloud.Layer.Quotas = new ServiceQuotas { ListenersPerApplicationLoadBalancer = 1 };
        await Scenario.ListenerAsync(cloud, a, tg);

        var over = await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateListener",
            ("LoadBalancerArn", a), ("Protocol", "HTTP"), ("Port", "8080"),
            ("DefaultActions.member.1.Type", "forward"), ("DefaultActions.member.1.TargetGroupArn", tg));
        var other = await Scenario.ListenerAsync(cloud, b, tg);
        var listeners = await cloud.Aws.QueryAsync("elasticloadbalancing", "DescribeListeners", ("LoadBalancerArn", a));

        Assert.Equal("TooManyListeners", over.Error);
        Assert.Contains("Listeners per Application Load Balancer, 1", over.Xml.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(other);
        Assert.Single(listeners.All("ListenerArn"));
    }

    // AWS: "Target Groups per Region: 3,000"
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
    // CreateTargetGroup errors: TooManyTargetGroups (botocore elbv2 TooManyTargetGroupsException, HTTP 400).
    [Fact]
    public async Task CreateTargetGroup_AtTheQuota_TooManyTargetGroups()
    {
        using var cloud = new TestCloud(moto);
        await Scenario.TargetGroupAsync(cloud, MotoFixture.Unique("q-tg"));
        cloud.Layer.Quotas = new ServiceQuotas { TargetGroupsPerRegion = 1 };

        var over = await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateTargetGroup",
            ("Name", MotoFixture.Unique("q-tg")), ("Protocol", "HTTP"), ("Port", "5000"), ("VpcId", cloud.Seed.VpcId));

        Assert.Equal(HttpStatusCode.BadRequest, over.Status);
        Assert.Equal("TooManyTargetGroups", over.Error);
        Assert.Contains("Target Groups per Region, 1", over.Xml.ToString(), StringComparison.Ordinal);
    }

    // AWS: "Auto Scaling groups per region: 500"
    // https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-quotas.html
    // CreateAutoScalingGroup errors: LimitExceeded (botocore autoscaling LimitExceededFault, HTTP 400).
    [Fact]
    public async Task CreateAutoScalingGroup_AtTheQuota_LimitExceeded_NothingCreated()
    {
        using var cloud = new TestCloud(moto);
        var lt = await Scenario.LaunchTemplateAsync(cloud, MotoFixture.Unique("q-lt"));
        Assert.Equal(HttpStatusCode.OK, (await Scenario.AutoScalingGroupAsync(cloud, MotoFixture.Unique("q-asg"), lt, desired: 0)).Status);
        cloud.Layer.Quotas = new ServiceQuotas { AutoScalingGroupsPerRegion = 1 };
        var name = MotoFixture.Unique("q-asg");

        var over = await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 1);
        var described = await cloud.Aws.QueryAsync("autoscaling", "DescribeAutoScalingGroups", ("AutoScalingGroupNames.member.1", name));

        Assert.Equal(HttpStatusCode.BadRequest, over.Status);
        Assert.Equal("LimitExceeded", over.Error);
        Assert.Contains("Auto Scaling groups per region, 1", over.Xml.ToString(), StringComparison.Ordinal);
        Assert.Empty(described.All("AutoScalingGroupName"));
    }

    // The defaults are AWS's (the pages above); an operator's blanket increase multiplies each.
    [Fact]
    public void Defaults_AreAwsDefaults_RaisedMultipliesEach_BelowOneRejected()
    {
        var defaults = new ServiceQuotas();
        var raised = defaults.Raised(10);

        Assert.Equal((50, 50, 3000, 500), (defaults.ApplicationLoadBalancersPerRegion, defaults.ListenersPerApplicationLoadBalancer, defaults.TargetGroupsPerRegion, defaults.AutoScalingGroupsPerRegion));
        Assert.Equal((500, 500, 30000, 5000), (raised.ApplicationLoadBalancersPerRegion, raised.ListenersPerApplicationLoadBalancer, raised.TargetGroupsPerRegion, raised.AutoScalingGroupsPerRegion));
        Assert.Throws<ArgumentOutOfRangeException>(() => defaults.Raised(0));
    }
}
