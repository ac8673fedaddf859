using System.Text.Json.Nodes;

namespace Provisioner.Cli.Tests.Commands;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Validate_LabExample_PrintsNormalizedSpecAndExits0()
    {
        var (code, output, _) = await CliRun.InProcessAsync("", ["validate", CliRun.Example("lab.json"), .. LabNetwork]);

        Assert.Equal(ExitCodes.Ok, code);
        var spec = JsonNode.Parse(output)!;
        Assert.Equal("shop-dev", spec["environmentId"]!.GetValue<string>());
        Assert.Equal(30, spec["loadBalancer"]!["deregistrationDelaySeconds"]!.GetValue<int>());
        Assert.Equal("vpc-0a1b2c3d4e5f67890", spec["network"]!["vpcId"]!.GetValue<string>());
        Assert.Equal("app-server", spec["source"]!["instanceName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validate_LabExampleWithoutADefaultNetwork_SaysNetworkIsRequiredAndHowToGiveOne()
    {
        var (code, output, error) = await CliRun.InProcessAsync("", "validate", CliRun.Example("lab.json"));

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith("/network: ", output.Trim(), StringComparison.Ordinal);
        Assert.Contains("--default-vpc-id", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_DefaultVpcWithoutSubnets_IsRefused()
    {
        var (code, _, error) = await CliRun.InProcessAsync("", "validate", CliRun.Example("lab.json"), "--default-vpc-id", "vpc-0a1b2c3d4e5f67890");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("go together", error, StringComparison.Ordinal);
    }

    /// <summary>The deployment network lab.json leaves to the deployment.</summary>
    private static readonly string[] LabNetwork =
        ["--default-vpc-id", "vpc-0a1b2c3d4e5f67890", "--default-subnet-ids", "subnet-0a1b2c3d4e5f60001,subnet-0a1b2c3d4e5f60002"];

    [Fact]
    public async Task Validate_MinimalFromStdin_FillsDefaults()
    {
        var stdin = await File.ReadAllTextAsync(CliRun.Example("minimal.json"), TestContext.Current.CancellationToken);

        var (code, output, _) = await CliRun.InProcessAsync(stdin, "validate", "-");

        Assert.Equal(ExitCodes.Ok, code);
        var spec = JsonNode.Parse(output)!;
        Assert.Equal(5000, spec["app"]!["port"]!.GetValue<int>());
        Assert.Equal("/status", spec["app"]!["healthCheck"]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validate_TenMistakes_PrintsOneLinePerErrorAndExits2()
    {
        var (code, output, _) = await CliRun.InProcessAsync("", "validate", CliRun.Example("invalid/ten-mistakes.json"));

        Assert.Equal(ExitCodes.InvalidInput, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        Assert.Equal("/owner: must not be given: the owner is taken from the caller's identity (got \"alice\")", lines[0]);
        Assert.All(lines, line => Assert.StartsWith("/", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_JsonFlag_PrintsPointerValueRuleArray()
    {
        var (code, output, _) = await CliRun.InProcessAsync("", "validate", CliRun.Example("invalid/ten-mistakes.json"), "--json");

        Assert.Equal(ExitCodes.InvalidInput, code);
        var errors = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(10, errors.Count);
        var port = errors.Single(e => e!["pointer"]!.GetValue<string>() == "/app/port")!;
        Assert.Equal(70000, port["value"]!.GetValue<int>());
        Assert.Equal("must be a whole number from 1 to 65535", port["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validate_JsonFlagMissingField_ValueIsNull()
    {
        var (code, output, _) = await CliRun.InProcessAsync("{\"environmentId\": \"abc\", \"source\": {\"amiId\": \"ami-0fedcba9\"}}", "validate", "-", "--json");

        Assert.Equal(ExitCodes.InvalidInput, code);
        var error = Assert.Single(JsonNode.Parse(output)!.AsArray())!;
        Assert.Equal("/network", error["pointer"]!.GetValue<string>());
        Assert.True(error.AsObject().ContainsKey("value"));
        Assert.Null(error["value"]);
    }

    [Fact]
    public async Task Validate_MalformedJson_ReportsLineAndColumnAndExits2()
    {
        var (code, output, _) = await CliRun.InProcessAsync("{\n  \"environmentId\": \"abc\",\n  \"source\": }\n", "validate", "-");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.StartsWith("(document): is not well-formed JSON at line 3, column 13", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_DuplicateKey_IsAFieldErrorNotACrash()
    {
        var (code, output, error) = await CliRun.InProcessAsync("""{"environmentId": "a", "environmentId": "b"}""", "validate", "-");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Equal("/environmentId: duplicate property", output.TrimEnd());
        Assert.Empty(error);
    }

    [Fact]
    public async Task Validate_DuplicateKeyInsideSource_NamesItsPointer()
    {
        var (code, output, _) = await CliRun.InProcessAsync(
            """{"environmentId": "abc", "source": {"amiId": "ami-1", "amiId": "ami-2"}, "network": {"vpcId": "vpc-1", "subnetIds": ["subnet-1"]}}""",
            "validate", "-", "--json");

        Assert.Equal(ExitCodes.InvalidInput, code);
        var only = Assert.Single(JsonNode.Parse(output)!.AsArray())!;
        Assert.Equal("/source/amiId", only["pointer"]!.GetValue<string>());
        Assert.Equal("duplicate property", only["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validate_ControlCharactersInAPropertyName_AreEscapedOnOneLine()
    {
        var (code, output, _) = await CliRun.InProcessAsync(
            "{\"environmentId\": \"abc\", \"x\\u001b[2J\\nforged\": 1}", "validate", "-");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.DoesNotContain('\u001b', output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, line => line.StartsWith("/x\\u001b[2J\\nforged: is not a known property", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.StartsWith("forged", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_HugeMistypedValue_IsEchoedCutShort()
    {
        var huge = new string('x', 100_000);
        var (code, output, _) = await CliRun.InProcessAsync($$"""{"environmentId": "{{huge}}"}""", "validate", "-");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.True(output.Length < 2_000, $"output was {output.Length} characters");
        Assert.Contains("xxx... (100000 characters)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingFile_SaysWhyAndExits2()
    {
        var (code, output, error) = await CliRun.InProcessAsync("", "validate", "/nonexistent/spec.json");

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Empty(output);
        Assert.Contains("cannot read '/nonexistent/spec.json'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_Directory_SaysItIsADirectory()
    {
        var (code, _, error) = await CliRun.InProcessAsync("", "validate", CliRun.RepositoryRoot());

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("is a directory", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BuiltExecutable_ExitCodesMatch()
    {
        var valid = await CliRun.ProcessAsync(["validate", "examples/lab.json", .. LabNetwork]);
        var invalid = await CliRun.ProcessAsync("validate", "examples/invalid/ten-mistakes.json");

        Assert.Equal(0, valid.ExitCode);
        Assert.Equal(2, invalid.ExitCode);
        Assert.Equal(10, invalid.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
