using System.Net;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Lifecycles;

public class AutoScalingLifecycleTests(MotoFixture moto)
{
    [Fact]
    public async Task Instances_PendingForAboutAMinute_ThenInService()
    {
        using var cloud = new TestCloud(moto);
        var lt = await Scenario.LaunchTemplateAsync(cloud, MotoFixture.Unique("lt"));
        var name = MotoFixture.Unique("asg");
        Assert.Equal(HttpStatusCode.OK, (await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 2)).Status);

        var before = await StatesAsync(cloud, name);
        var instances = await cloud.Aws.QueryAsync("autoscaling", "DescribeAutoScalingInstances");
        cloud.Advance(TimeSpan.FromSeconds(44));
        var at44 = await StatesAsync(cloud, name);
        cloud.Advance(TimeSpan.FromSeconds(22));
        var at66 = await StatesAsync(cloud, name);

        Assert.Equal(["Pending", "Pending"], before);
        Assert.Equal(["Pending", "Pending"], at44);
        Assert.Equal(["InService", "InService"], at66);
        Assert.Contains(instances.All("member").Where(m => m.Elements().Any(e => e.Name.LocalName == "AutoScalingGroupName" && e.Value == name)),
            m => m.Elements().Any(e => e.Name.LocalName == "LifecycleState" && e.Value == "Pending"));
    }

    [Fact]
    public async Task DeleteAutoScalingGroup_DeleteInProgressForMinutes_ThenGone()
    {
        using var cloud = new TestCloud(moto);
        var lt = await Scenario.LaunchTemplateAsync(cloud, MotoFixture.Unique("lt"));
        var name = MotoFixture.Unique("asg");
        await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 1);

        var deleted = await cloud.Aws.QueryAsync("autoscaling", "DeleteAutoScalingGroup", ("AutoScalingGroupName", name), ("ForceDelete", "true"));
        var during = await cloud.Aws.QueryAsync("autoscaling", "DescribeAutoScalingGroups", ("AutoScalingGroupNames.member.1", name));
        cloud.Advance(TimeSpan.FromMinutes(5));
        var after = await cloud.Aws.QueryAsync("autoscaling", "DescribeAutoScalingGroups", ("AutoScalingGroupNames.member.1", name));

        Assert.Equal(HttpStatusCode.OK, deleted.Status);
        Assert.Equal("Delete in progress", during.First("Status"));
        Assert.Equal("Terminating", during.First("LifecycleState"));
        Assert.Null(after.First("AutoScalingGroupName"));
    }

    [Fact]
    public async Task Targets_InitialUntilInstanceInServiceAndLoadBalancerActivePlusOneCheck_ThenHealthy()
    {
        using var cloud = new TestCloud(moto);
        var sg = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("alb-sg"));
        var tg = await Scenario.TargetGroupAsync(cloud, MotoFixture.Unique("tg"), interval: 10);
        var alb = (await Scenario.LoadBalancerAsync(cloud, MotoFixture.Unique("alb"), sg)).First("LoadBalancerArn")!;
        await Scenario.ListenerAsync(cloud, alb, tg);
        var lt = await Scenario.LaunchTemplateAsync(cloud, MotoFixture.Unique("lt"));
        await Scenario.AutoScalingGroupAsync(cloud, MotoFixture.Unique("asg"), lt, desired: 1, targetGroupArn: tg);
        var albActive = cloud.Layer.Timeline.Find("alb:" + alb)!.ReadyAt;

        var first = await HealthAsync(cloud, tg);
        cloud.Advance(TimeSpan.FromSeconds(70)); // instance InService, ALB still provisioning
        var instanceUp = await HealthAsync(cloud, tg);
        cloud.Advance(albActive - cloud.Time.GetUtcNow()); // ALB just active: checks start
        var albUp = await HealthAsync(cloud, tg);
        cloud.Advance(TimeSpan.FromSeconds(10)); // one 10 s interval later
        var afterOneCheck = await HealthAsync(cloud, tg);

        Assert.Equal(("initial", "Elb.RegistrationInProgress"), first);
        Assert.Equal(("initial", "Elb.InitialHealthChecking"), instanceUp);
        Assert.Equal("initial", albUp.State);
        Assert.Equal("healthy", afterOneCheck.State);
    }

    private static async Task<string[]> StatesAsync(TestCloud cloud, string name) =>
        [.. (await cloud.Aws.QueryAsync("autoscaling", "DescribeAutoScalingGroups", ("AutoScalingGroupNames.member.1", name))).All("LifecycleState").Select(e => e.Value)];

    private static async Task<(string? State, string? Reason)> HealthAsync(TestCloud cloud, string tg)
    {
        var result = await cloud.Aws.QueryAsync("elasticloadbalancing", "DescribeTargetHealth", ("TargetGroupArn", tg));
        return (result.First("State"), result.First("Reason"));
    }
}

public class AutoScalingDrainingTests(MotoFixture moto)
{
    // AWS: before an instance behind a target group terminates it is deregistered and drains for the
    // group's deregistration delay (deregistration_delay.timeout_seconds, 300 s by default).
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html#deregistration-delay ("If the target is part of an Auto Scaling group, it can be terminated and replaced" after the delay)
    [Fact]
    public async Task DeleteAutoScalingGroup_WithInstancesBehindATargetGroup_TakesTheDeregistrationDelayLonger()
    {
        using var cloud = new TestCloud(moto);
        var tg = await Scenario.TargetGroupAsync(cloud, MotoFixture.Unique("tg"));
        await cloud.Aws.QueryAsync("elasticloadbalancing", "ModifyTargetGroupAttributes", ("TargetGroupArn", tg),
            ("Attributes.member.1.Key", "deregistration_delay.timeout_seconds"), ("Attributes.member.1.Value", "600"));
        var lt = await Scenario.LaunchTemplateAsync(cloud, MotoFixture.Unique("lt"));
        var name = MotoFixture.Unique("asg");
        await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 1, targetGroupArn: tg);

        await cloud.Aws.QueryAsync("autoscaling", "DeleteAutoScalingGroup", ("AutoScalingGroupName", name), ("ForceDelete", "true"));
        cloud.Advance(TimeSpan.FromMinutes(9)); // longer than any plain ASG deletion, shorter than 10 min drain + termination
        var draining = await cloud.Aws.QueryAsync("autoscaling", "DescribeAutoScalingGroups", ("AutoScalingGroupNames.member.1", name));
        cloud.Advance(TimeSpan.FromMinutes(6));
        var gone = await cloud.Aws.QueryAsync("autoscaling", "DescribeAutoScalingGroups", ("AutoScalingGroupNames.member.1", name));

        Assert.Equal("Delete in progress", draining.First("Status"));
        Assert.Null(gone.First("AutoScalingGroupName"));
    }

    [Fact]
    public async Task DeleteAutoScalingGroup_RecordsItsDeletion_DrainPlusTermination_GoneExactlyWhenItEnds()
    {
        using var cloud = new TestCloud(moto);
        var tg = await Scenario.TargetGroupAsync(cloud, MotoFixture.Unique("tg"));
        await cloud.Aws.QueryAsync("elasticloadbalancing", "ModifyTargetGroupAttributes", ("TargetGroupArn", tg),
            ("Attributes.member.1.Key", "deregistration_delay.timeout_seconds"), ("Attributes.member.1.Value", "30"));
        var lt = await Scenario.LaunchTemplateAsync(cloud, MotoFixture.Unique("lt"));
        var name = MotoFixture.Unique("asg");
        await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 1, targetGroupArn: tg);

        var deletedAt = cloud.Time.GetUtcNow();
        await cloud.Aws.QueryAsync("autoscaling", "DeleteAutoScalingGroup", ("AutoScalingGroupName", name), ("ForceDelete", "true"));
        var deletion = Assert.Single(cloud.Layer.Timeline.Recorded, c => c.Key == "asg-delete:" + name);
        cloud.Advance(deletion.Duration - TimeSpan.FromSeconds(1));
        var justBefore = await cloud.Aws.QueryAsync("autoscaling", "DescribeAutoScalingGroups", ("AutoScalingGroupNames.member.1", name));
        cloud.Advance(TimeSpan.FromSeconds(1));
        var atTheEnd = await cloud.Aws.QueryAsync("autoscaling", "DescribeAutoScalingGroups", ("AutoScalingGroupNames.member.1", name));

        Assert.Equal(deletedAt, deletion.Start);
        Assert.InRange(deletion.Duration, TimeSpan.FromSeconds(30 + 90), TimeSpan.FromSeconds(30 + 300));
        Assert.Equal("Delete in progress", justBefore.First("Status"));
        Assert.Null(atTheEnd.First("AutoScalingGroupName"));
    }

    // AWS: when a scale-in terminates instances behind a target group, Auto Scaling deregisters them first and
    // they drain for the deregistration delay ("Elastic Load Balancing waits for in-flight requests to complete"),
    // DescribeTargetHealth showing them "draining" (Target.DeregistrationInProgress), then they are gone.
    // https://docs.aws.amazon.com/autoscaling/ec2/userguide/attach-load-balancer-asg.html ("deregisters the instance ... before terminating it")
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html#deregistration-delay
    // (moto 5.2.1 terminates them and leaves them registered, reported healthy.)
    [Fact]
    public async Task ScaleInToZero_TargetsDrainForTheDeregistrationDelayThenGone_ScaleOutHealthyOnlyOnceTheNewOnesAre()
    {
        using var cloud = new TestCloud(moto);
        var tg = await Scenario.TargetGroupAsync(cloud, MotoFixture.Unique("tg"), interval: 10);
        await cloud.Aws.QueryAsync("elasticloadbalancing", "ModifyTargetGroupAttributes", ("TargetGroupArn", tg),
            ("Attributes.member.1.Key", "deregistration_delay.timeout_seconds"), ("Attributes.member.1.Value", "30"));
        var lt = await Scenario.LaunchTemplateAsync(cloud, MotoFixture.Unique("lt"));
        var name = MotoFixture.Unique("asg");
        await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 2, targetGroupArn: tg);
        cloud.Advance(TimeSpan.FromMinutes(3));
        var awake = await TargetsAsync(cloud, tg);
        Assert.Equal(["healthy", "healthy"], awake.Values);

        var asleep = await cloud.Aws.QueryAsync("autoscaling", "UpdateAutoScalingGroup", ("AutoScalingGroupName", name), ("MinSize", "0"), ("DesiredCapacity", "0"));
        var draining = await TargetsAsync(cloud, tg);
        var one = await cloud.Aws.QueryAsync("elasticloadbalancing", "DescribeTargetHealth", ("TargetGroupArn", tg), ("Targets.member.1.Id", awake.Keys.First()));
        cloud.Advance(TimeSpan.FromSeconds(31));
        var drained = await TargetsAsync(cloud, tg);

        Assert.Equal(System.Net.HttpStatusCode.OK, asleep.Status);
        Assert.Equal(awake.Keys.Order(StringComparer.Ordinal), draining.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["draining", "draining"], draining.Values);
        Assert.Equal("Target.DeregistrationInProgress", one.First("Reason"));
        Assert.Single(one.All("TargetHealthDescriptions").SelectMany(e => e.Elements()));
        Assert.Empty(drained);

        await cloud.Aws.QueryAsync("autoscaling", "UpdateAutoScalingGroup", ("AutoScalingGroupName", name), ("MinSize", "1"), ("DesiredCapacity", "2"));
        var waking = await TargetsAsync(cloud, tg);
        cloud.Advance(TimeSpan.FromMinutes(3));
        var woken = await TargetsAsync(cloud, tg);

        Assert.Equal(2, waking.Count);
        Assert.DoesNotContain(waking.Keys, awake.ContainsKey);
        Assert.All(waking.Values, state => Assert.Equal("initial", state));
        Assert.Equal(["healthy", "healthy"], woken.Values);
    }

    private static async Task<Dictionary<string, string?>> TargetsAsync(TestCloud cloud, string tg)
    {
        var result = await cloud.Aws.QueryAsync("elasticloadbalancing", "DescribeTargetHealth", ("TargetGroupArn", tg));
        Assert.Equal(System.Net.HttpStatusCode.OK, result.Status);
        return result.All("TargetHealthDescriptions").SelectMany(e => e.Elements()).ToDictionary(
            d => d.Descendants().First(e => e.Name.LocalName == "Id").Value,
            d => d.Descendants().FirstOrDefault(e => e.Name.LocalName == "State")?.Value);
    }

    [Fact]
    public async Task DeleteAutoScalingGroup_WhoseTargetGroupIsAlreadyDeleted_DeletesWithoutDraining()
    {
        using var cloud = new TestCloud(moto);
        var tg = await Scenario.TargetGroupAsync(cloud, MotoFixture.Unique("tg"));
        var lt = await Scenario.LaunchTemplateAsync(cloud, MotoFixture.Unique("lt"));
        var name = MotoFixture.Unique("asg");
        await Scenario.AutoScalingGroupAsync(cloud, name, lt, desired: 1, targetGroupArn: tg);
        await cloud.Aws.QueryAsync("elasticloadbalancing", "DeleteTargetGroup", ("TargetGroupArn", tg));

        var deleted = await cloud.Aws.QueryAsync("autoscaling", "DeleteAutoScalingGroup", ("AutoScalingGroupName", name), ("ForceDelete", "true"));
        cloud.Advance(TimeSpan.FromMinutes(10));
        var gone = await cloud.Aws.QueryAsync("autoscaling", "DescribeAutoScalingGroups", ("AutoScalingGroupNames.member.1", name));

        Assert.True(deleted.Status == System.Net.HttpStatusCode.OK, deleted.Xml.ToString());
        Assert.Null(gone.First("AutoScalingGroupName"));
    }
}
