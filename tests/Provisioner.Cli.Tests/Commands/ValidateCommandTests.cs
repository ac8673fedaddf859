using System.Text.Json.Nodes;

namespace Provisioner.Cli.Tests.Commands;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Validate_LabExample_PrintsNormalizedSpecAndExits0()
    {
        var (code, output, _) = await CliRun.InProcessAsync("", "validate", CliRun.Example("lab.json"));

        Assert.Equal(ExitCodes.Ok, code);
        var spec = JsonNode.Parse(output)!;
        Assert.Equal("shop-dev", spec["environmentId"]!.GetValue<string>());
        Assert.Equal(30, spec["loadBalancer"]!["deregistrationDelaySeconds"]!.GetValue<int>());
    }

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
        var valid = await CliRun.ProcessAsync("validate", "examples/lab.json");
        var invalid = await CliRun.ProcessAsync("validate", "examples/invalid/ten-mistakes.json");

        Assert.Equal(0, valid.ExitCode);
        Assert.Equal(2, invalid.ExitCode);
        Assert.Equal(10, invalid.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
