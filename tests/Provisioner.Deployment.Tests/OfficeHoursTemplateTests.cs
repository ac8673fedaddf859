using System.Text.Json.Nodes;

namespace Provisioner.Deployment.Tests;

/// <summary>
/// Issue 12 items 2 and 6: the sleep, wake and wake-check functions are deployed under the names the schedules
/// call, the Scheduler role may invoke exactly them, and each holds only what it calls (the group's sizes only on
/// managed groups, alarm actions only on the deployment's alarms).
/// </summary>
public sealed class OfficeHoursTemplateTests
{
    private static readonly (string Id, string Handler, string Name, string Variable)[] Functions =
    [
        ("OfficeHoursSleepFunction", "OfficeHours.Sleep", "office-sleep", "PROVISIONER_SLEEP_FUNCTION_ARN"),
        ("OfficeHoursWakeFunction", "OfficeHours.Wake", "office-wake", "PROVISIONER_WAKE_FUNCTION_ARN"),
        ("OfficeHoursCheckWakeFunction", "OfficeHours.CheckWake", "office-check-wake", "PROVISIONER_CHECK_WAKE_FUNCTION_ARN"),
    ];

    private static string Arn(string name) => "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${AWS::StackName}-" + name;

    private const string ManagedGroups = "arn:${AWS::Partition}:autoscaling:${AWS::Region}:${AWS::AccountId}:autoScalingGroup:*:autoScalingGroupName/${NamePrefix}-*";
    private const string Alarms = "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${NamePrefix}-*";
    private const string Schedules = "arn:${AWS::Partition}:scheduler:${AWS::Region}:${AWS::AccountId}:schedule/${ScheduleGroup}/${NamePrefix}-*";

    [Fact]
    public async Task Functions_FixedNamesTheFunctionsSettingsName_WithTheirHandlersAndTheRegistry()
    {
        var template = await Template.Instance;
        var globals = template.Root["Globals"]!["Function"]!["Environment"]!["Variables"]!;

        foreach (var (id, handler, name, variable) in Functions)
        {
            var properties = template.Resources[id]!["Properties"]!;
            Assert.Equal("AWS::Serverless::Function", (string?)template.Resources[id]!["Type"]);
            Assert.Equal(handler, (string?)properties["Handler"]);
            Assert.Equal("${AWS::StackName}-" + name, (string?)properties["FunctionName"]!["Fn::Sub"]);
            Assert.Equal(Arn(name), (string?)globals[variable]!["Fn::Sub"]);
            Assert.Equal("RegistryTable", (string?)properties["Environment"]!["Variables"]!["PROVISIONER_TABLE"]!["Ref"]);
        }
    }

    [Fact]
    public async Task SchedulerRole_OneStatementInvokingExactlyTheThreeFunctions()
    {
        var template = await Template.Instance;
        var policy = template.Resources["SchedulerRole"]!["Properties"]!["Policies"]!.AsArray().Single(p => (string?)p!["PolicyName"] == "invoke-office-hours")!;

        var statement = Assert.Single(policy["PolicyDocument"]!["Statement"]!.AsArray())!.AsObject();

        Assert.Equal("Allow", (string?)statement["Effect"]);
        Assert.Equal(["lambda:InvokeFunction"], TemplatePolicyTests.Actions(statement));
        Assert.Equal(Functions.Select(f => Arn(f.Name)), TemplatePolicyTests.Resources(statement).Select(r => (string?)r["Fn::Sub"]));
    }

    [Fact]
    public async Task Functions_HoldOnlyWhatTheyCall()
    {
        var template = await Template.Instance;
        var expected = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["OfficeHoursSleepFunction"] = ["autoscaling:UpdateAutoScalingGroup", "cloudwatch:DisableAlarmActions", .. Registry, .. AsleepOn],
            ["OfficeHoursWakeFunction"] = ["autoscaling:UpdateAutoScalingGroup", .. Registry, "iam:PassRole", "scheduler:CreateSchedule", "scheduler:UpdateSchedule"],
            ["OfficeHoursCheckWakeFunction"] = ["cloudwatch:EnableAlarmActions", .. Registry, "elasticloadbalancing:DeleteRule", .. FindAnswer, "elasticloadbalancing:DescribeTargetGroups", "elasticloadbalancing:DescribeTargetHealth", "iam:PassRole", "scheduler:CreateSchedule", "scheduler:UpdateSchedule"],
        };

        foreach (var (id, actions) in expected)
        {
            var statements = template.Resources[id]!["Properties"]!["Policies"]!.AsArray()
                .SelectMany(p => p!["Statement"]!.AsArray()).Select(s => s!.AsObject()).ToList();
            Assert.Equal(actions.Order(StringComparer.Ordinal), statements.SelectMany(TemplatePolicyTests.Actions).Order(StringComparer.Ordinal));
            Assert.All(statements, s => AssertScoped(id, s));
        }
    }

    [Fact]
    public async Task ApiAndStatusHandler_GetOnlyTheOfficeHoursActionsTheyRun()
    {
        var template = await Template.Instance;

        var api = Policy(template, "OfficeHoursApiPolicy", "ApiRunFunctionRole");
        var status = Policy(template, "OfficeHoursStatusPolicy", "ExecutionStatusChangedRunFunctionRole");

        Assert.Equal(((string[])["autoscaling:UpdateAutoScalingGroup", "cloudwatch:DisableAlarmActions", .. AsleepOn, "iam:PassRole", "scheduler:CreateSchedule", "scheduler:UpdateSchedule"]).Order(StringComparer.Ordinal),
            api.SelectMany(TemplatePolicyTests.Actions).Order(StringComparer.Ordinal));
        Assert.Equal(["iam:PassRole", "scheduler:CreateSchedule", "scheduler:DeleteSchedule", "scheduler:UpdateSchedule"],
            status.SelectMany(TemplatePolicyTests.Actions).Order(StringComparer.Ordinal));
        Assert.All(api, s => AssertScoped("OfficeHoursApiPolicy", s));
        Assert.All(status, s => AssertScoped("OfficeHoursStatusPolicy", s));
    }

    private static readonly string[] Registry = ["dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"];

    /// <summary>Finding the asleep answer: the load balancer by name, its listeners, their rules.</summary>
    private static readonly string[] FindAnswer = ["elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeRules"];

    /// <summary>Putting the asleep answer on: found, else created and tagged at creation.</summary>
    private static readonly string[] AsleepOn = ["elasticloadbalancing:AddTags", "elasticloadbalancing:CreateRule", .. FindAnswer];

    private const string Listeners = "arn:${AWS::Partition}:elasticloadbalancing:${AWS::Region}:${AWS::AccountId}:listener/app/${NamePrefix}-*";
    private const string ListenerRules = "arn:${AWS::Partition}:elasticloadbalancing:${AWS::Region}:${AWS::AccountId}:listener-rule/app/${NamePrefix}-*";

    private static List<JsonObject> Policy(Template template, string id, string role)
    {
        var properties = template.Resources[id]!["Properties"]!;
        Assert.Equal("AWS::IAM::Policy", (string?)template.Resources[id]!["Type"]);
        Assert.Equal(role, (string?)Assert.Single(properties["Roles"]!.AsArray())!["Ref"]);
        return [.. properties["PolicyDocument"]!["Statement"]!.AsArray().Select(s => s!.AsObject())];
    }

    /// <summary>Each kind of action on its narrowest resource, as AWS allows it.</summary>
    private static void AssertScoped(string id, JsonObject statement)
    {
        var actions = TemplatePolicyTests.Actions(statement);
        var resources = TemplatePolicyTests.Resources(statement).Select(r => r is JsonObject o && o["Fn::Sub"] is { } sub ? (string?)sub : r.ToJsonString()).ToList();
        var first = actions[0];
        if (first.StartsWith("autoscaling:", StringComparison.Ordinal))
        {
            Assert.Equal([ManagedGroups], resources);
            Assert.Equal("true", (string?)statement["Condition"]!["StringEquals"]!["autoscaling:ResourceTag/provisioner:managed"]);
        }
        else if (first.StartsWith("cloudwatch:", StringComparison.Ordinal))
        {
            Assert.Equal([Alarms], resources);
        }
        else if (first.StartsWith("scheduler:", StringComparison.Ordinal))
        {
            Assert.Equal([Schedules], resources);
        }
        else if (first == "iam:PassRole")
        {
            Assert.Equal(["{\"Fn::GetAtt\":[\"SchedulerRole\",\"Arn\"]}"], resources);
            Assert.Equal("scheduler.amazonaws.com", (string?)statement["Condition"]!["StringEquals"]!["iam:PassedToService"]);
        }
        else if (first.StartsWith("dynamodb:", StringComparison.Ordinal))
        {
            Assert.Equal(["{\"Fn::GetAtt\":[\"RegistryTable\",\"Arn\"]}"], resources);
        }
        else if (first == "elasticloadbalancing:CreateRule")
        {
            Assert.Equal([Listeners], resources);
            Assert.Equal("true", (string?)statement["Condition"]!["StringEquals"]!["aws:ResourceTag/provisioner:managed"]);
        }
        else if (first == "elasticloadbalancing:AddTags")
        {
            Assert.Equal([ListenerRules], resources);
            Assert.Equal("CreateRule", (string?)statement["Condition"]!["StringEquals"]!["elasticloadbalancing:CreateAction"]);
        }
        else if (first == "elasticloadbalancing:DeleteRule")
        {
            Assert.Equal([ListenerRules], resources);
            Assert.Equal("true", (string?)statement["Condition"]!["StringEquals"]!["aws:ResourceTag/provisioner:managed"]);
        }
        else
        {
            // The Describe actions have no resource types.
            Assert.True(actions.All(a => a.StartsWith("elasticloadbalancing:Describe", StringComparison.Ordinal)), $"{id}: unexpected {string.Join(", ", actions)}");
            Assert.Equal(["\"*\""], resources);
        }
    }
}
