using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Core.Spec;
using Provisioner.Core.Validation;

namespace Provisioner.Core.Tests.Validation;

public sealed class EnvironmentSpecValidatorTests
{
    private static readonly EnvironmentSpecValidator Validator = new();

    private static readonly DefaultNetwork DeploymentNetwork = new("vpc-0a1b2c3d4e5f67890", ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]);

    [Fact]
    public void Validate_WithoutNetwork_TakesTheDefaultNetwork_OrRequiresOne()
    {
        var spec = TestSpecs.With("/network", null).ToJsonString();

        var withDefault = Validator.Validate(spec, DeploymentNetwork);
        var without = Validator.Validate(spec);

        Assert.True(withDefault.IsValid, string.Join("\n", withDefault.Errors));
        Assert.Equal("vpc-0a1b2c3d4e5f67890", withDefault.Spec!.Network.VpcId);
        Assert.Equal(DeploymentNetwork.SubnetIds, withDefault.Spec.Network.SubnetIds);
        Assert.Equal("/network", Assert.Single(without.Errors).Pointer);
    }

    [Fact]
    public void Validate_WithDefaultNetwork_KeepsTheSpecsOwnNetwork()
    {
        var result = Validator.Validate(TestSpecs.Minimal, new DefaultNetwork("vpc-0fffffffffffffff0", ["subnet-0fffffffffffffff1", "subnet-0fffffffffffffff2"]));

        Assert.True(result.IsValid);
        Assert.NotEqual("vpc-0fffffffffffffff0", result.Spec!.Network.VpcId);
    }

    private static string Example(string name) =>
        File.ReadAllText(Path.Combine(RepositoryRoot(), "examples", name));

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Provisioner.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Provisioner.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Validate_MinimalSpec_FillsTheLabDefaults()
    {
        var result = Validator.Validate(TestSpecs.Minimal);

        Assert.True(result.IsValid);
        var spec = result.Spec;
        Assert.Equal(5000, spec.App.Port);
        Assert.Equal("/status", spec.App.HealthCheck.Path);
        Assert.Equal((0, 3, 1, 50), (spec.Scaling.Min, spec.Scaling.Max, spec.Scaling.Desired, spec.Scaling.TargetCpuPercent));
        Assert.Equal(60, spec.Alarms.CpuHighPercent);
        Assert.True(spec.LoadBalancer.Https?.SelfSigned);
        Assert.True(spec.LoadBalancer.RedirectHttpToHttps);
        Assert.True(spec.LoadBalancer.Stickiness.Enabled);
        Assert.Equal("rate(1 day)", spec.Logs.ExportSchedule);
        Assert.Null(spec.TtlHours);
    }

    [Fact]
    public void Validate_HttpsNull_MeansHttpOnlyWithoutRedirect()
    {
        var result = Validator.Validate(TestSpecs.With("/loadBalancer/https", "null"));

        Assert.True(result.IsValid);
        Assert.Null(result.Spec.LoadBalancer.Https);
        Assert.False(result.Spec.LoadBalancer.RedirectHttpToHttps);
    }

    [Theory]
    [InlineData("lab.json")]
    [InlineData("minimal.json")]
    [InlineData("internal-http-from-ami.json")]
    [InlineData("production-acm.json")]
    public void Validate_Examples_AreValid(string example)
    {
        // lab.json leaves the network to the deployment (its default VPC and subnets), as `up` has one.
        var result = Validator.Validate(Example(example), DeploymentNetwork);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData("""{"environmentId": "a", "environmentId": "b"}""", "/environmentId")]
    [InlineData("""{"environmentId": "abc", "source": {"instanceId": "i-1", "instanceId": "i-2"}}""", "/source/instanceId")]
    public void Validate_DuplicateProperty_IsAFieldErrorNotAnException(string json, string pointer)
    {
        var result = Validator.Validate(json);

        var error = Assert.Single(result.Errors);
        Assert.Equal($"{pointer}: duplicate property", error.ToString());
    }

    [Fact]
    public void Validate_HugeValue_IsEchoedCutToAReadableLength()
    {
        var result = Validator.Validate(TestSpecs.With("/app/healthCheck/path", $"\"{new string('p', 100_000)}\""));

        var error = Assert.Single(result.Errors);
        Assert.InRange(error.Message.Length, 1, Printable.MaxEchoLength + 200);
        Assert.Contains("(100000 characters)", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Value!.ToJsonString().Length, 1, Printable.MaxEchoLength + 40);
    }

    [Fact]
    public void Validate_HugeUnknownObject_IsEchoedCutToAReadableLength()
    {
        var result = Validator.Validate(TestSpecs.With("/extra", $"{{\"a\": \"{new string('x', 100_000)}\"}}"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("/extra", error.Pointer);
        Assert.True(error.Message.Length < 1_000, $"message was {error.Message.Length} characters");
    }

    [Fact]
    public void Validate_TenMistakes_ReportsAllTenAtOnce()
    {
        var result = Validator.Validate(Example("invalid/ten-mistakes.json"));

        Assert.Equal(
            [
                "/owner", "/environmentId", "/source", "/network/subnetIds", "/app/port", "/app/healthCheck/path",
                "/app/healthCheck/timeoutSeconds", "/scaling/desired", "/alarms/notifyEmails/0", "/logs/exportSchedule",
            ],
            result.Errors.Select(e => e.Pointer));
    }

    [Fact]
    public void Validate_Error_CarriesPointerValueAndRule()
    {
        var error = Assert.Single(Validator.Validate(TestSpecs.With("/app/port", "70000")).Errors);

        Assert.Equal("/app/port", error.Pointer);
        Assert.Equal(70000, error.Value!.GetValue<int>());
        Assert.Equal("must be a whole number from 1 to 65535", error.Rule);
        Assert.Equal("/app/port: must be a whole number from 1 to 65535 (got 70000)", error.ToString());
    }

    [Fact]
    public void Validate_MissingField_HasNullValue()
    {
        var error = Assert.Single(Validator.Validate(TestSpecs.With("/network", null)).Errors);

        Assert.Equal("/network", error.Pointer);
        Assert.Null(error.Value);
        Assert.Equal("is required", error.Rule);
    }

    [Fact]
    public void Validate_TagKeyWithSlash_PointerIsEscaped()
    {
        var document = TestSpecs.MinimalNode();
        document["launch"] = new JsonObject { ["tags"] = new JsonObject { ["aws:a/b"] = "x" } };

        var error = Assert.Single(Validator.Validate(document).Errors);

        Assert.Equal("/launch/tags/aws:a~1b", error.Pointer);
    }

    [Theory]
    [InlineData("{\n  \"environmentId\": \"x\",\n  oops\n}", 3, 3)]
    [InlineData("", 1, 1)]
    [InlineData("{\"a\": [1, 2}", 1, 12)]
    public void Validate_MalformedJson_ReportsOneBasedLineAndColumn(string json, int line, int column)
    {
        var error = Assert.Single(Validator.Validate(json).Errors);

        Assert.Equal("", error.Pointer);
        Assert.Contains($"line {line}, column {column}", error.Rule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("\"spec\"")]
    public void Validate_NotAnObject_OneDocumentError(string json)
    {
        var error = Assert.Single(Validator.Validate(json).Errors);

        Assert.Equal("", error.Pointer);
        Assert.Equal("must be a JSON object", error.Rule);
    }

    [Fact]
    public void NormalizedSpec_RoundTripsThroughSourceGeneratedJson()
    {
        var spec = Validator.Validate(Example("lab.json"), DeploymentNetwork).Spec!;

        var json = JsonSerializer.Serialize(spec, SpecJsonContext.Default.EnvironmentSpec);
        var back = JsonSerializer.Deserialize(json, SpecJsonContext.Default.EnvironmentSpec)!;
        var again = Validator.Validate(json);

        Assert.Equal(json, JsonSerializer.Serialize(back, SpecJsonContext.Default.EnvironmentSpec));
        Assert.True(again.IsValid, string.Join("\n", again.Errors));
        Assert.Equal(json, JsonSerializer.Serialize(again.Spec, SpecJsonContext.Default.EnvironmentSpec));
    }

    [Fact]
    public void SourceGeneratedJson_UnknownProperty_IsRejected()
    {
        var json = TestSpecs.With("/scaling/maximum", "3").ToJsonString();

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, SpecJsonContext.Default.EnvironmentSpec));
    }
}
