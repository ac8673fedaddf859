using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioner.Deployment.Tests;

/// <summary>
/// Issue 11 item 6, least privilege that cannot be forged: the provisioner:managed tag guards every delete, so
/// no role may put it on a resource it did not just create; images come only from allowed sources; instances
/// only from our launch templates; schedules only in the deployment's own group.
/// </summary>
public sealed class TemplatePolicyTests
{
    private const string ManagedRequestTag = "aws:RequestTag/provisioner:managed";
    private const string ManagedResourceTag = "ResourceTag/provisioner:managed";

    /// <summary>Every tagging action a role holds, and what keeps it to resources being created.</summary>
    private static readonly Dictionary<string, string> TaggingActions = new(StringComparer.Ordinal)
    {
        ["ec2:CreateTags"] = "ec2:CreateAction",
        ["elasticloadbalancing:AddTags"] = "elasticloadbalancing:CreateAction",
        // No create-action key in these services: the managed request tag on a name-prefixed ARN, plus
        // (ACM) an explicit Deny on certificates that already carry the tag; README's security model says so.
        ["acm:AddTagsToCertificate"] = ManagedRequestTag,
        ["autoscaling:CreateOrUpdateTags"] = ManagedRequestTag,
        ["cloudwatch:TagResource"] = ManagedRequestTag,
        ["sns:TagResource"] = ManagedRequestTag,
        ["logs:TagResource"] = ManagedRequestTag,
        ["logs:TagLogGroup"] = ManagedRequestTag,
    };

    /// <summary>Deletes on resources that carry no tags, so the ownership check in code stands in.</summary>
    private static readonly Dictionary<string, string> UntaggableDeletes = new(StringComparer.Ordinal)
    {
        ["cloudwatch:DeleteDashboards"] = "dashboards carry no tags",
        ["scheduler:DeleteSchedule"] = "schedules carry no tags (the group does); confined to the deployment's group",
    };

    private static readonly Regex TaggingShape = new(@"^[a-z0-9-]+:(Tag|AddTags|CreateTags|CreateOrUpdateTags)", RegexOptions.None, TimeSpan.FromSeconds(1));
    private static readonly Regex DeleteShape = new(@"^[a-z0-9-]+:(Delete|Deregister)", RegexOptions.None, TimeSpan.FromSeconds(1));

    [Fact]
    public async Task TaggingActions_AreAllowedOnlyWhileCreating()
    {
        var statements = FunctionStatements(await Template.Instance).Where(s => s.Effect == "Allow").ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (id, statement, _) in statements)
        {
            foreach (var action in Actions(statement).Where(a => TaggingShape.IsMatch(a)))
            {
                Assert.True(TaggingActions.TryGetValue(action, out var key), $"{id}: {action} is a tagging action the test does not know; say what keeps it to creation");
                seen.Add(action);
                var condition = statement["Condition"]?.ToJsonString() ?? "";
                Assert.True(condition.Contains(key, StringComparison.Ordinal), $"{id}: {action} is not conditioned on {key}");
                Assert.True(condition.Contains(ManagedRequestTag, StringComparison.Ordinal) || key != ManagedRequestTag,
                    $"{id}: {action} may tag without the managed request tag");
                Assert.DoesNotContain("\"*\"", Resources(statement).Select(r => r.ToJsonString()));
            }
        }

        Assert.Equal(TaggingActions.Keys.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CertificateTagging_IsDeniedOnCertificatesAlreadyManaged()
    {
        var denies = FunctionStatements(await Template.Instance)
            .Where(s => s.Effect == "Deny" && Actions(s.Statement).Contains("acm:AddTagsToCertificate") && Actions(s.Statement).Contains("acm:ImportCertificate"))
            .ToList();

        var deny = Assert.Single(denies);
        Assert.Equal("AttachCertRunFunction", deny.Id);
        Assert.Equal("false", (string?)deny.Statement["Condition"]!["Null"]!["aws:ResourceTag/provisioner:managed"]);
    }

    [Fact]
    public async Task DeleteActions_AreConditionedOnTheManagedTagWhereverTheServiceHasTags()
    {
        var services = new HashSet<string>(StringComparer.Ordinal);
        var untaggable = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (id, statement, _) in FunctionStatements(await Template.Instance).Where(s => s.Effect == "Allow"))
        {
            foreach (var action in Actions(statement).Where(a => DeleteShape.IsMatch(a)))
            {
                services.Add(action.Split(':')[0]);
                if (UntaggableDeletes.ContainsKey(action))
                {
                    untaggable.Add(action);
                    Assert.All(Resources(statement), r => Assert.Contains("${NamePrefix}-*", r.ToJsonString(), StringComparison.Ordinal));
                    continue;
                }
                var condition = statement["Condition"]?.ToJsonString() ?? "";
                Assert.True(condition.Contains(ManagedResourceTag, StringComparison.Ordinal), $"{id}: {action} is not conditioned on the provisioner:managed resource tag");
            }
        }

        Assert.Equal(["acm", "autoscaling", "cloudwatch", "ec2", "elasticloadbalancing", "logs", "scheduler", "sns"], services.Order(StringComparer.Ordinal));
        Assert.Equal(UntaggableDeletes.Keys.Order(StringComparer.Ordinal), untaggable.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateImage_OnlyFromInstancesTaggedAsAllowedSources()
    {
        var template = await Template.Instance;
        var statements = FunctionStatements(template).Where(s => s.Effect == "Allow" && Actions(s.Statement).Contains("ec2:CreateImage")).ToList();

        var onInstances = statements.Where(s => Resources(s.Statement).Any(r => r.ToJsonString().Contains(":instance/", StringComparison.Ordinal))).ToList();
        var instance = Assert.Single(onInstances);
        Assert.Equal(["ec2:CreateImage"], Actions(instance.Statement));
        Assert.Equal("${AllowedSourceTagValue}", (string?)instance.Statement["Condition"]!["StringEquals"]!["aws:ResourceTag/${AllowedSourceTagKey}"]);

        var produced = Assert.Single(statements.Except(onInstances));
        Assert.All(Resources(produced.Statement), r => Assert.Matches("::(image|snapshot)/", r.ToJsonString()));
        Assert.Equal("true", (string?)produced.Statement["Condition"]!["StringEquals"]![ManagedRequestTag]);

        var parameters = template.Root["Parameters"]!;
        Assert.Equal("provisioner:source", (string?)parameters["AllowedSourceTagKey"]!["Default"]);
        Assert.Equal("allowed", (string?)parameters["AllowedSourceTagValue"]!["Default"]);
    }

    [Fact]
    public async Task RunInstances_OnlyThroughOurLaunchTemplates()
    {
        var statements = FunctionStatements(await Template.Instance)
            .Where(s => s.Effect == "Allow" && Actions(s.Statement).Contains("ec2:RunInstances"))
            .Select(s => s.Statement)
            .ToList();
        Assert.NotEmpty(statements);

        var templates = statements.Where(s => Resources(s).All(r => r.ToJsonString().Contains(":launch-template/", StringComparison.Ordinal))).ToList();
        var template = Assert.Single(templates);
        Assert.Equal("true", (string?)template["Condition"]!["StringEquals"]!["aws:ResourceTag/provisioner:managed"]);

        foreach (var statement in statements.Except(templates))
        {
            Assert.DoesNotContain(Resources(statement), r => r.ToJsonString() is "\"*\"" || r.ToJsonString().Contains(":launch-template/", StringComparison.Ordinal));
            Assert.NotNull(statement["Condition"]?["ArnLike"]?["ec2:LaunchTemplate"]);
        }
    }

    [Fact]
    public async Task Schedules_OnlyInTheDeploymentsOwnGroup()
    {
        var template = await Template.Instance;
        var scheduler = FunctionStatements(template)
            .Where(s => Actions(s.Statement).Any(a => a.StartsWith("scheduler:", StringComparison.Ordinal)))
            .ToList();

        // Who may touch schedules at all: the export schedule's step and its Undo, the API, the status handler (office
        // hours at READY and DELETED), and the schedule handlers that move their own schedules (TTL, later, wake).
        Assert.Equal(
            ["ApiRunFunction", "ExecutionStatusChangedRunFunction", "ExpireEnvironmentRunFunction", "OfficeHoursCheckWakeFunction", "OfficeHoursWakeFunction",
                "ScheduleLogExportRunFunction", "ScheduleLogExportUndoFunction", "StartEnvironmentRunFunction"],
            scheduler.Select(s => s.Id).Distinct().Order(StringComparer.Ordinal));
        Assert.All(scheduler, s => Assert.All(Resources(s.Statement), r => Assert.Contains(":schedule/${ScheduleGroup}/${NamePrefix}-*", r.ToJsonString(), StringComparison.Ordinal)));
        Assert.Equal("AWS::Scheduler::ScheduleGroup", (string?)template.Resources["ScheduleGroup"]!["Type"]);
    }

    /// <summary>Every statement of every function's role: SAM's inline policies and the IAM policies attached to the function roles.</summary>
    private static IEnumerable<(string Id, JsonObject Statement, string? Effect)> FunctionStatements(Template template)
    {
        foreach (var (id, function) in template.ResourcesOfType("AWS::Serverless::Function"))
        {
            foreach (var policy in function["Properties"]!["Policies"]?.AsArray() ?? [])
            {
                foreach (var statement in policy!["Statement"]?.AsArray() ?? [])
                {
                    yield return (id, statement!.AsObject(), (string?)statement["Effect"]);
                }
            }
        }

        foreach (var (_, policy) in template.ResourcesOfType("AWS::IAM::Policy"))
        {
            var owner = policy["Properties"]!["Roles"]!.AsArray().Select(r => (string?)r!["Ref"]).Single()!;
            var document = policy["Properties"]!["PolicyDocument"]!;
            // A document built with !Sub (its condition key names a parameter) is the JSON text itself.
            var parsed = document["Fn::Sub"] is JsonValue text ? JsonNode.Parse((string)text!)! : document;
            foreach (var statement in parsed["Statement"]!.AsArray())
            {
                yield return (owner.EndsWith("Role", StringComparison.Ordinal) ? owner[..^4] : owner, statement!.AsObject(), (string?)statement["Effect"]);
            }
        }
    }

    /// <summary>A policy statement's actions (a list or one string).</summary>
    internal static List<string> Actions(JsonObject statement) =>
        statement["Action"] switch
        {
            JsonArray list => [.. list.Select(a => (string)a!)],
            JsonValue single => [(string)single!],
            _ => [],
        };

    /// <summary>A policy statement's resources (a list or one value).</summary>
    internal static List<JsonNode> Resources(JsonObject statement) =>
        statement["Resource"] switch
        {
            JsonArray list => [.. list.Select(r => r!)],
            JsonNode single => [single],
            _ => [],
        };
}
