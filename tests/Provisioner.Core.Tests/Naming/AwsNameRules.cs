using System.Text.RegularExpressions;
using Provisioner.Core.Naming;

namespace Provisioner.Core.Tests.Naming;

/// <summary>
/// AWS's naming rules, written independently of <see cref="ResourceNames"/> from each API reference, as
/// the oracle the naming tests check against.
/// </summary>
internal static partial class AwsNameRules
{
    // ELBv2 CreateLoadBalancer Name: at most 32 alphanumerics or hyphens, not beginning or ending with
    // a hyphen, and not beginning with "internal-".
    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$")]
    private static partial Regex ElbName();

    // EC2 CreateLaunchTemplate LaunchTemplateName: 3-128, [a-zA-Z0-9\(\)\.\-/_]+.
    [GeneratedRegex("^[a-zA-Z0-9().\\-/_]{3,128}$")]
    private static partial Regex LaunchTemplateName();

    // EC2 CreateImage Name: 3-128 letters, numbers, ( ) [ ] space . / - ' @ _.
    [GeneratedRegex("^[A-Za-z0-9()\\[\\] ./\\-'@_]{3,128}$")]
    private static partial Regex ImageName();

    // EC2 CreateSecurityGroup GroupName (VPC): up to 255 of a-zA-Z0-9, spaces, and ._-:/()#,@[]+=&;{}!$*; not "sg-..."
    [GeneratedRegex("^[a-zA-Z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]{1,255}$")]
    private static partial Regex SecurityGroupName();

    // CloudWatch PutDashboard DashboardName: up to 255 of A-Za-z0-9, "-", "_".
    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex DashboardName();

    // SNS CreateTopic Name: 1-256 alphanumerics, hyphens and underscores.
    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex TopicName();

    // CloudWatch Logs CreateLogGroup logGroupName: 1-512 of [\.\-_/#A-Za-z0-9]; not starting with "aws/".
    [GeneratedRegex("^[.\\-_/#A-Za-z0-9]{1,512}$")]
    private static partial Regex LogGroupName();

    // EventBridge Scheduler CreateSchedule Name: 1-64 of [0-9a-zA-Z-_.].
    [GeneratedRegex("^[0-9a-zA-Z\\-_.]{1,64}$")]
    private static partial Regex ScheduleName();

    // Auto Scaling group / policy names and CloudWatch alarm names: 1-255 printable characters.
    [GeneratedRegex("^[\\x20-\\x7E]{1,255}$")]
    private static partial Regex Printable255();

    public static void AssertAll(ResourceNames names)
    {
        Assert.Matches(ElbName(), names.LoadBalancer);
        Assert.False(names.LoadBalancer.StartsWith("internal-", StringComparison.Ordinal));
        Assert.Matches(ElbName(), names.TargetGroup);
        Assert.Matches(LaunchTemplateName(), names.LaunchTemplate);
        Assert.Matches(ImageName(), names.Image);
        foreach (var group in new[] { names.LoadBalancerSecurityGroup, names.InstanceSecurityGroup })
        {
            Assert.Matches(SecurityGroupName(), group);
            Assert.False(group.StartsWith("sg-", StringComparison.Ordinal));
        }
        Assert.Matches(DashboardName(), names.Dashboard);
        Assert.Matches(TopicName(), names.AlertTopic);
        Assert.Matches(LogGroupName(), names.LogGroup);
        Assert.False(names.LogGroup.StartsWith("aws/", StringComparison.Ordinal));
        Assert.Matches(ScheduleName(), names.LogExportSchedule);
        foreach (var schedule in names.Schedules)
        {
            Assert.Matches(ScheduleName(), schedule);
        }
        Assert.Contains(names.LogExportSchedule, names.Schedules);
        Assert.Equal(names.Schedules.Count, names.Schedules.Distinct().Count());
        Assert.Matches(Printable255(), names.AutoScalingGroup);
        Assert.Matches(Printable255(), names.ScalingPolicy);
        foreach (var alarm in names.Alarms)
        {
            Assert.Matches(Printable255(), alarm);
        }
        Assert.Equal(names.Alarms.Count, names.Alarms.Distinct().Count());
    }
}
