using System.Net;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Rules;

public class ElbV2RulesTests(MotoFixture moto)
{
    // AWS: "This operation is idempotent, which means that it completes at most one time. If you attempt to
    // create multiple load balancers with the same settings, each call succeeds."; a load balancer with the
    // name but other settings: DuplicateLoadBalancerName.
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
    // (moto 5.2.1 creates a second load balancer of the same name.)
    [Fact]
    public async Task CreateLoadBalancer_SameNameSameSettings_ReturnsTheExisting_OtherSettings_Duplicate()
    {
        using var cloud = new TestCloud(moto);
        var sg = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("alb-sg"));
        var name = MotoFixture.Unique("alb");

        var first = await Scenario.LoadBalancerAsync(cloud, name, sg);
        var again = await Scenario.LoadBalancerAsync(cloud, name, sg);
        var other = await Scenario.LoadBalancerAsync(cloud, name, sg, subnetCount: 3);
        var all = await cloud.Aws.QueryAsync("elasticloadbalancing", "DescribeLoadBalancers", ("Names.member.1", name));

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("CreateLoadBalancerResponse", again.Xml.Root!.Name.LocalName);
        Assert.Equal(first.First("LoadBalancerArn"), again.First("LoadBalancerArn"));
        Assert.Equal("provisioning", again.First("Code"));
        Assert.Equal("DuplicateLoadBalancerName", other.Error);
        Assert.Single(all.All("LoadBalancerArn"));
    }

    // AWS: "This operation is idempotent ... If you attempt to create multiple target groups with the same
    // settings, each call succeeds."; other settings: DuplicateTargetGroupName.
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
    // (moto 5.2.1 answers DuplicateTargetGroupName even for the same settings.)
    [Fact]
    public async Task CreateTargetGroup_SameNameSameSettings_ReturnsTheExisting_OtherSettings_Duplicate()
    {
        using var cloud = new TestCloud(moto);
        var name = MotoFixture.Unique("tg");

        var arn = await Scenario.TargetGroupAsync(cloud, name);
        var again = await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateTargetGroup",
            ("Name", name), ("Protocol", "HTTP"), ("Port", "5000"), ("VpcId", cloud.Seed.VpcId), ("HealthCheckIntervalSeconds", "30"));
        var other = await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateTargetGroup",
            ("Name", name), ("Protocol", "HTTP"), ("Port", "8080"), ("VpcId", cloud.Seed.VpcId));

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal("CreateTargetGroupResponse", again.Xml.Root!.Name.LocalName);
        Assert.Equal(arn, again.First("TargetGroupArn"));
        Assert.Equal("DuplicateTargetGroupName", other.Error);
    }

    // AWS: CreateRule errors: "PriorityInUse: The specified priority is in use."
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateRule.html
    // (moto 5.2.1 adds a second rule at the same priority.)
    [Fact]
    public async Task CreateRule_PriorityInUse_Refused_AndTheListenerKeepsOneRuleThere()
    {
        using var cloud = new TestCloud(moto);
        var sg = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("alb-sg"));
        var alb = await Scenario.LoadBalancerAsync(cloud, MotoFixture.Unique("alb"), sg);
        var tg = await Scenario.TargetGroupAsync(cloud, MotoFixture.Unique("tg"));
        var listener = await Scenario.ListenerAsync(cloud, alb.First("LoadBalancerArn")!, tg);
        (string, string)[] rule =
        [
            ("ListenerArn", listener), ("Priority", "1"),
            ("Conditions.member.1.Field", "path-pattern"), ("Conditions.member.1.PathPatternConfig.Values.member.1", "/*"),
            ("Actions.member.1.Type", "fixed-response"), ("Actions.member.1.FixedResponseConfig.StatusCode", "503"),
        ];

        var first = await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateRule", rule);
        var second = await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateRule", rule);
        var other = await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateRule", [.. rule.Select(p => p.Item1 == "Priority" ? ("Priority", "2") : p)]);
        var rules = await cloud.Aws.QueryAsync("elasticloadbalancing", "DescribeRules", ("ListenerArn", listener));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("PriorityInUse", second.Error);
        Assert.Equal(HttpStatusCode.OK, other.Status);
        Assert.Equal(["1", "2", "default"], rules.All("Priority").Select(p => p.Value).Order(StringComparer.Ordinal));
    }
}
