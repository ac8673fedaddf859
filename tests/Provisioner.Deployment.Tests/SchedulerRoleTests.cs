using System.Text.Json.Nodes;

namespace Provisioner.Deployment.Tests;

/// <summary>Issue 12 item 6: EventBridge Scheduler may assume the Scheduler role only for the deployment's own schedules.</summary>
public sealed class SchedulerRoleTests
{
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html
    [Fact]
    public async Task SchedulerRole_TrustedOnlyWithSourceAccountAndTheGroupsSourceArn()
    {
        var template = await Template.Instance;
        var role = template.Resources["SchedulerRole"]!["Properties"]!;

        var trust = Assert.Single(role["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;
        Assert.Equal("scheduler.amazonaws.com", (string?)trust["Principal"]!["Service"]);
        Assert.Equal("AWS::AccountId", (string?)trust["Condition"]!["StringEquals"]!["aws:SourceAccount"]!["Ref"]);
        var sourceArn = (string?)trust["Condition"]!["ArnLike"]!["aws:SourceArn"]!["Fn::Sub"];
        Assert.Equal("arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/${ScheduleGroup}/*", sourceArn);
        Assert.Contains(role["Policies"]!.AsArray(), p => (string?)p!["PolicyName"] == "start-log-export");
    }

    [Fact]
    public async Task Functions_KnowTheScheduleGroup()
    {
        var template = await Template.Instance;
        var variables = template.Root["Globals"]!["Function"]!["Environment"]!["Variables"]!;

        Assert.Equal("ScheduleGroup", (string?)variables["PROVISIONER_SCHEDULE_GROUP"]!["Ref"]);
        Assert.Equal("AWS::Scheduler::ScheduleGroup", (string?)template.Resources["ScheduleGroup"]!["Type"]);
    }
}
