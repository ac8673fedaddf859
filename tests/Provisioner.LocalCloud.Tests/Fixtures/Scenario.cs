using System.Net;

namespace Provisioner.LocalCloud.Tests.Fixtures;

/// <summary>Small building blocks (security group, target group, ALB, launch template, ASG) over the raw client.</summary>
public static class Scenario
{
    public static async Task<string> SecurityGroupAsync(TestCloud cloud, string name)
    {
        var result = await cloud.Aws.QueryAsync("ec2", "CreateSecurityGroup",
            ("GroupName", name), ("GroupDescription", "test"), ("VpcId", cloud.Seed.VpcId));
        Assert.Equal(HttpStatusCode.OK, result.Status);
        return result.First("groupId")!;
    }

    public static async Task<string> TargetGroupAsync(TestCloud cloud, string name, int port = 5000, int interval = 30)
    {
        var result = await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateTargetGroup",
            ("Name", name), ("Protocol", "HTTP"), ("Port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("VpcId", cloud.Seed.VpcId), ("HealthCheckIntervalSeconds", interval.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, result.Status);
        return result.First("TargetGroupArn")!;
    }

    public static async Task<RawAws.QueryResult> LoadBalancerAsync(TestCloud cloud, string name, string securityGroup, int subnetCount = 2)
    {
        var parameters = new List<(string, string)> { ("Name", name), ("SecurityGroups.member.1", securityGroup) };
        parameters.AddRange(cloud.Seed.SubnetIds.Take(subnetCount).Select((s, i) => ($"Subnets.member.{i + 1}", s)));
        return await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateLoadBalancer", [.. parameters]);
    }

    public static async Task<string> ListenerAsync(TestCloud cloud, string loadBalancerArn, string targetGroupArn)
    {
        var result = await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateListener",
            ("LoadBalancerArn", loadBalancerArn), ("Protocol", "HTTP"), ("Port", "80"),
            ("DefaultActions.member.1.Type", "forward"), ("DefaultActions.member.1.TargetGroupArn", targetGroupArn));
        Assert.Equal(HttpStatusCode.OK, result.Status);
        return result.First("ListenerArn")!;
    }

    public static async Task<string> LaunchTemplateAsync(TestCloud cloud, string name)
    {
        var result = await cloud.Aws.QueryAsync("ec2", "CreateLaunchTemplate",
            ("LaunchTemplateName", name), ("LaunchTemplateData.ImageId", cloud.Seed.ImageId), ("LaunchTemplateData.InstanceType", "t3.micro"));
        Assert.Equal(HttpStatusCode.OK, result.Status);
        return result.First("launchTemplateId")!;
    }

    public static Task<RawAws.QueryResult> AutoScalingGroupAsync(TestCloud cloud, string name, string launchTemplateId, int desired, string? targetGroupArn = null)
    {
        var parameters = new List<(string, string)>
        {
            ("AutoScalingGroupName", name),
            ("LaunchTemplate.LaunchTemplateId", launchTemplateId), ("LaunchTemplate.Version", "$Latest"),
            ("MinSize", "0"), ("MaxSize", "3"), ("DesiredCapacity", desired.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("VPCZoneIdentifier", string.Join(',', cloud.Seed.SubnetIds.Take(2))),
        };
        if (targetGroupArn is not null)
        {
            parameters.Add(("TargetGroupARNs.member.1", targetGroupArn));
        }
        return cloud.Aws.QueryAsync("autoscaling", "CreateAutoScalingGroup", [.. parameters]);
    }
}
