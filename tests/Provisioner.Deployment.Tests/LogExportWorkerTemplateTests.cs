using System.Text.Json.Nodes;

namespace Provisioner.Deployment.Tests;

/// <summary>
/// Issue 12 items 4 and 6: the log-export worker is deployed (its state machine, functions and table), the export
/// schedules target it and the Scheduler role may start exactly it, each worker function holds only what it calls,
/// and CloudWatch Logs may write to the export bucket only for this account's log groups.
/// </summary>
public sealed class LogExportWorkerTemplateTests
{
    private const string WorkerArn = "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${AWS::StackName}-log-export";

    private static readonly string[] WorkerFunctions =
        ["LogExportEnqueueFunction", "LogExportAcquireFunction", "LogExportStartFunction", "LogExportCheckFunction", "LogExportReleaseFunction"];

    [Fact]
    public async Task Worker_IsAStateMachineOnTheAslFile_WithTheNameTheSchedulesAndTheRoleUse()
    {
        var template = await Template.Instance;
        var machine = template.Resources["LogExportStateMachine"]!;
        Assert.Equal("AWS::Serverless::StateMachine", (string?)machine["Type"]);
        Assert.Equal("statemachine/log-export.asl.json", (string?)machine["Properties"]!["DefinitionUri"]);
        Assert.Equal("${AWS::StackName}-log-export", (string?)machine["Properties"]!["Name"]!["Fn::Sub"]);

        // The parameter that pointed at nothing is gone; the functions' setting names the deployed worker.
        Assert.False(template.Root["Parameters"]!.AsObject().ContainsKey("LogExportStateMachineArn"));
        var variables = template.Root["Globals"]!["Function"]!["Environment"]!["Variables"]!;
        Assert.Equal(WorkerArn, (string?)variables["PROVISIONER_LOG_EXPORT_STATE_MACHINE_ARN"]!["Fn::Sub"]);

        var substitutions = machine["Properties"]!["DefinitionSubstitutions"]!.AsObject();
        Assert.Equal(WorkerFunctions.Order(StringComparer.Ordinal), substitutions.Select(s => (string)s.Value!["Fn::GetAtt"]![0]!).Order(StringComparer.Ordinal));
        var invoke = Statements(machine).Single(s => Actions(s).Contains("lambda:InvokeFunction"));
        Assert.Equal(WorkerFunctions.Order(StringComparer.Ordinal), Resources(invoke).Select(r => (string)r["Fn::GetAtt"]![0]!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SchedulerRole_MayStartExactlyTheWorker()
    {
        var template = await Template.Instance;
        var policy = template.Resources["SchedulerRole"]!["Properties"]!["Policies"]!.AsArray().Single(p => (string?)p!["PolicyName"] == "start-log-export")!;

        var statement = Assert.Single(policy["PolicyDocument"]!["Statement"]!.AsArray())!.AsObject();
        Assert.Equal(["states:StartExecution"], Actions(statement));
        Assert.Equal(WorkerArn, (string?)Assert.Single(Resources(statement))["Fn::Sub"]);
    }

    [Fact]
    public async Task WorkerFunctions_TouchOnlyTheirTable_AndExportOnlyManagedLogGroups()
    {
        var template = await Template.Instance;
        var expected = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["LogExportEnqueueFunction"] = ["dynamodb:UpdateItem"],
            ["LogExportAcquireFunction"] = ["dynamodb:UpdateItem"],
            ["LogExportStartFunction"] = ["dynamodb:Scan", "dynamodb:UpdateItem", "logs:CreateExportTask", "logs:DeleteLogGroup", "logs:DescribeExportTasks"],
            ["LogExportCheckFunction"] = ["dynamodb:GetItem", "dynamodb:UpdateItem", "logs:DeleteLogGroup", "logs:DescribeExportTasks"],
            ["LogExportReleaseFunction"] = ["dynamodb:Scan", "dynamodb:UpdateItem"],
        };

        foreach (var (id, actions) in expected)
        {
            var function = template.Resources[id]!;
            Assert.Equal("LogExport." + id["LogExport".Length..^"Function".Length], (string?)function["Properties"]!["Handler"]);
            Assert.Equal("LogExportTable", (string?)function["Properties"]!["Environment"]!["Variables"]!["PROVISIONER_LOG_EXPORT_TABLE"]!["Ref"]);
            var statements = Statements(function).ToList();
            Assert.Equal(actions, statements.SelectMany(Actions).Order(StringComparer.Ordinal));
            foreach (var statement in statements)
            {
                var resources = Resources(statement).Select(r => r.ToJsonString()).ToList();
                if (Actions(statement).All(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)))
                {
                    Assert.Equal(["{\"Fn::GetAtt\":[\"LogExportTable\",\"Arn\"]}"], resources);
                }
                else if (Actions(statement).SequenceEqual(["logs:DescribeExportTasks"]))
                {
                    Assert.Equal(["\"*\""], resources); // no resource types for this action
                }
                else
                {
                    Assert.All(resources, r => Assert.Contains(":log-group:/provisioner/*", r, StringComparison.Ordinal));
                    Assert.Equal("true", (string?)statement["Condition"]!["StringEquals"]!["aws:ResourceTag/provisioner:managed"]);
                }
            }
        }
        Assert.Equal(["pk"], template.Resources["LogExportTable"]!["Properties"]!["KeySchema"]!.AsArray().Select(k => (string)k!["AttributeName"]!));
    }

    // https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/S3ExportTasksConsole.html (set permissions on an Amazon S3 bucket)
    [Fact]
    public async Task ExportBucket_LetsCloudWatchLogsWriteOnlyForThisAccountsLogGroups()
    {
        var template = await Template.Instance;
        var statements = template.Resources["LogExportBucketPolicy"]!["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
            .Select(s => s!.AsObject()).Where(s => (string?)s["Effect"] == "Allow").ToList();

        Assert.Equal(["s3:GetBucketAcl", "s3:PutObject"], statements.SelectMany(Actions).Order(StringComparer.Ordinal));
        foreach (var statement in statements)
        {
            Assert.Equal("logs.${AWS::Region}.amazonaws.com", (string?)statement["Principal"]!["Service"]!["Fn::Sub"]);
            Assert.Equal("AWS::AccountId", (string?)statement["Condition"]!["StringEquals"]!["aws:SourceAccount"]!["Ref"]);
            Assert.Equal("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/provisioner/*",
                (string?)statement["Condition"]!["ArnLike"]!["aws:SourceArn"]!["Fn::Sub"]);
        }
        var put = statements.Single(s => Actions(s).Contains("s3:PutObject"));
        Assert.Equal("bucket-owner-full-control", (string?)put["Condition"]!["StringEquals"]!["s3:x-amz-acl"]);
    }

    private static IEnumerable<JsonObject> Statements(JsonNode resource) =>
        resource["Properties"]!["Policies"]!.AsArray().SelectMany(p => p!["Statement"]!.AsArray()).Select(s => s!.AsObject());

    private static List<string> Actions(JsonObject statement) => TemplatePolicyTests.Actions(statement);

    private static List<JsonNode> Resources(JsonObject statement) => TemplatePolicyTests.Resources(statement);
}
