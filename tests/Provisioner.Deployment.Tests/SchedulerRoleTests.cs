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

    [Fact]
    public async Task EnvironmentSchedules_TargetTheirFunctions_AndTheRoleMayInvokeExactlyThose()
    {
        var template = await Template.Instance;
        var expiry = template.Resources["ExpireEnvironmentRunFunction"]!["Properties"]!;
        var start = template.Resources["StartEnvironmentRunFunction"]!["Properties"]!;
        Assert.Equal("ExpireEnvironment.Run", (string?)expiry["Handler"]);
        Assert.Equal("StartEnvironment.Run", (string?)start["Handler"]);
        var expiryName = (string)expiry["FunctionName"]!["Fn::Sub"]!;
        var startName = (string)start["FunctionName"]!["Fn::Sub"]!;
        var functionArn = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:";

        // Every function that sets these schedules names the same targets (the API, and the handlers' own re-arm).
        foreach (var id in new[] { "ApiRunFunction", "ExpireEnvironmentRunFunction", "StartEnvironmentRunFunction" })
        {
            var variables = template.Resources[id]!["Properties"]!["Environment"]!["Variables"]!;
            Assert.Equal(functionArn + expiryName, (string?)variables["PROVISIONER_EXPIRY_FUNCTION_ARN"]!["Fn::Sub"]);
            Assert.Equal(functionArn + startName, (string?)variables["PROVISIONER_START_FUNCTION_ARN"]!["Fn::Sub"]);
            Assert.Equal("arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:", (string?)variables["PROVISIONER_TOPIC_ARN_PREFIX"]!["Fn::Sub"]);
        }

        var policy = template.Resources["SchedulerRole"]!["Properties"]!["Policies"]!.AsArray()
            .Single(p => (string?)p!["PolicyName"] == "environment-schedules")!["PolicyDocument"]!["Statement"]!.AsArray();
        var invoke = policy.Single(st => TemplatePolicyTests.Actions(st!.AsObject()).Contains("lambda:InvokeFunction"))!.AsObject();
        Assert.Equal([functionArn + expiryName, functionArn + startName], TemplatePolicyTests.Resources(invoke).Select(r => (string?)r!["Fn::Sub"]));
        var publish = policy.Single(st => TemplatePolicyTests.Actions(st!.AsObject()).Contains("sns:Publish"))!.AsObject();
        Assert.Equal(["arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${NamePrefix}-*"], TemplatePolicyTests.Resources(publish).Select(r => (string?)r!["Fn::Sub"]));
    }
}
