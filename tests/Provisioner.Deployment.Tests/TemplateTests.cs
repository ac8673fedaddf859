using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioner.Deployment.Tests;

public sealed partial class TemplateTests
{
    [Fact]
    public async Task CfnLint_PassesOnTheTemplate()
    {
        var (exit, output) = await Repository.RunAsync("python3", ["-c", "import sys; from cfnlint.runner import main; sys.argv = [\"cfn-lint\", \"template.yaml\"]; sys.exit(main())"], TestContext.Current.CancellationToken);

        Assert.True(exit == 0, "cfn-lint reported:\n" + output);
    }

    [Fact]
    public async Task StateMachines_PassAslValidatorAndTheLanguageService()
    {
        Assert.NotEmpty(Repository.StateMachineFiles);

        var (exit, output) = await Repository.RunAsync(
            "node", ["tools/validate-asl.js", .. Repository.StateMachineFiles], TestContext.Current.CancellationToken);

        Assert.True(exit == 0, output);
        Assert.Contains($"{Repository.StateMachineFiles.Count} definition(s) valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefinitionSubstitutions_AreExactlyThePlaceholdersOfEachDefinition()
    {
        var template = await Template.Instance;
        var machines = template.ResourcesOfType("AWS::Serverless::StateMachine").ToList();
        Assert.Equal(3, machines.Count);

        foreach (var (id, machine) in machines)
        {
            var properties = machine["Properties"]!;
            var definition = File.ReadAllText(Repository.PathOf((string)properties["DefinitionUri"]!));
            var placeholders = Placeholder().Matches(definition).Select(m => m.Groups[1].Value).ToHashSet();
            var substitutions = properties["DefinitionSubstitutions"]!.AsObject().Select(p => p.Key).ToHashSet();

            Assert.True(placeholders.SetEquals(substitutions),
                $"{id}: only in the definition: [{string.Join(", ", placeholders.Except(substitutions))}]; " +
                $"only in DefinitionSubstitutions: [{string.Join(", ", substitutions.Except(placeholders))}]");
        }
    }

    [Fact]
    public async Task EverySubstitution_NamesAResourceOfTheRightKind()
    {
        var template = await Template.Instance;

        foreach (var (id, machine) in template.ResourcesOfType("AWS::Serverless::StateMachine"))
        {
            foreach (var (key, value) in machine["Properties"]!["DefinitionSubstitutions"]!.AsObject())
            {
                if (value!["Fn::GetAtt"] is JsonArray getAtt)
                {
                    var target = (string)getAtt[0]!;
                    Assert.True(key.EndsWith("FunctionArn", StringComparison.Ordinal), $"{id}.{key} should be a function ARN");
                    Assert.Equal("AWS::Serverless::Function", (string?)template.Resources[target]?["Type"]);
                    Assert.Equal("Arn", (string?)getAtt[1]);
                }
                else
                {
                    var target = (string?)value["Ref"];
                    Assert.True(target is not null && template.Resources.ContainsKey(target), $"{id}.{key} refers to a missing resource");
                }
            }
        }
    }

    [Fact]
    public async Task EveryFunctionHandler_IsInTheBootstrapsHandlerTable()
    {
        var template = await Template.Instance;
        var variables = new Dictionary<string, string>
        {
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
            ["AWS_ACCESS_KEY_ID"] = "testing",
            ["AWS_SECRET_ACCESS_KEY"] = "testing",
        };
        var table = Functions.FunctionCatalog.Create(variables.GetValueOrDefault);
        var functions = template.ResourcesOfType("AWS::Serverless::Function").ToList();
        Assert.NotEmpty(functions);

        foreach (var (id, function) in functions)
        {
            var handler = (string?)function["Properties"]!["Handler"];
            Assert.True(handler is not null && table.TryGet(handler, out _), $"{id}: Handler '{handler}' is not in the bootstrap ({string.Join(", ", table.Names)})");
        }
    }

    [Fact]
    public async Task NoAllowStatement_HasAWildcardAction()
    {
        var template = await Template.Instance;
        var statements = AllowStatements(template.Root).ToList();
        Assert.True(statements.Count > 40, $"expected the per-function policies, found {statements.Count} Allow statements");

        var wildcards = statements
            .SelectMany(s => Actions(s).Select(a => (Action: a, Sid: (string?)s["Sid"])))
            .Where(a => a.Action.Contains('*', StringComparison.Ordinal))
            .Select(a => a.Action)
            .ToList();

        Assert.True(wildcards.Count == 0, "wildcard actions: " + string.Join(", ", wildcards));
    }

    [Fact]
    public async Task DestructiveActions_AreConditionedOnTheManagedTag()
    {
        var template = await Template.Instance;
        var destructive = new Regex("^(ec2|elasticloadbalancing|autoscaling|acm):(Delete|Deregister)", RegexOptions.None, TimeSpan.FromSeconds(1));
        var checkedCount = 0;

        foreach (var statement in AllowStatements(template.Root))
        {
            if (!Actions(statement).Any(destructive.IsMatch))
            {
                continue;
            }
            checkedCount++;
            var condition = statement["Condition"]?.ToJsonString() ?? "";
            Assert.True(condition.Contains("provisioner:managed", StringComparison.Ordinal),
                $"{string.Join(", ", Actions(statement))} is not conditioned on the provisioner:managed tag");
        }
        Assert.True(checkedCount >= 6, $"expected the Undo functions' delete statements, found {checkedCount}");
    }

    [Fact]
    public async Task EveryResourceTypeAndProperty_ExistsInTheSpecification()
    {
        var template = await Template.Instance;
        var specification = JsonNode.Parse(File.ReadAllText(
            Repository.PathOf("tools/node_modules/@aws-cdk/cfnspec/spec/specification.json")))!["ResourceTypes"]!.AsObject();

        foreach (var (id, resource) in template.Resources)
        {
            var type = (string)resource!["Type"]!;
            if (NewerThanTheSpecification.Contains(type))
            {
                continue;
            }
            Assert.True(specification.ContainsKey(type), $"{id}: {type} is not a resource type");
            var known = specification[type]!["Properties"]!.AsObject();
            foreach (var (property, _) in resource["Properties"]?.AsObject() ?? [])
            {
                Assert.True(known.ContainsKey(property), $"{id}: {type} has no property {property}");
            }
        }

        var functionProperties = specification["AWS::Serverless::Function"]!["Properties"]!.AsObject();
        foreach (var (property, _) in template.Root["Globals"]!["Function"]!.AsObject())
        {
            Assert.True(functionProperties.ContainsKey(property), $"Globals.Function: no property {property}");
        }
    }

    /// <summary>
    /// Types AWS added after the last release of @aws-cdk/cfnspec (the package is frozen). cfn-lint, which
    /// carries the current resource schemas, checks their properties in <see cref="CfnLint_PassesOnTheTemplate"/>.
    /// </summary>
    private static readonly HashSet<string> NewerThanTheSpecification =
    [
        "AWS::StepFunctions::StateMachineVersion",
        "AWS::StepFunctions::StateMachineAlias",
    ];

    private static IEnumerable<JsonObject> AllowStatements(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if ((string?)obj["Effect"] == "Allow" && obj.ContainsKey("Action"))
                {
                    yield return obj;
                }
                foreach (var (_, child) in obj)
                {
                    foreach (var statement in AllowStatements(child))
                    {
                        yield return statement;
                    }
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    foreach (var statement in AllowStatements(child))
                    {
                        yield return statement;
                    }
                }
                break;
        }
    }

    private static IEnumerable<string> Actions(JsonObject statement) =>
        statement["Action"] switch
        {
            JsonArray list => list.Select(a => (string)a!),
            JsonValue single => [(string)single!],
            _ => [],
        };

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)\}")]
    private static partial Regex Placeholder();
}
