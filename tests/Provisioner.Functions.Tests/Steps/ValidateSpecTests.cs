using System.Text.Json.Nodes;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions.Tests.Steps;

public sealed class ValidateSpecTests
{
    private const string Vpc = "vpc-0a1b2c3d4e5f67890";
    private static readonly string[] Subnets = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"];

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private static JsonObject Minimal(bool network = true)
    {
        var spec = new JsonObject
        {
            ["environmentId"] = "demo",
            ["source"] = new JsonObject { ["instanceId"] = "i-0abc12345def67890" },
        };
        if (network)
        {
            spec["network"] = new JsonObject { ["vpcId"] = Vpc, ["subnetIds"] = new JsonArray([.. Subnets.Select(s => (JsonNode?)s)]) };
        }
        return spec;
    }

    private Task<JsonNode?> RunAsync(JsonNode? spec, StepSettings? settings = null) =>
        new ValidateSpec(settings ?? new StepSettings()).InvokeAsync(new JsonObject { ["spec"] = spec }, _ct);

    [Fact]
    public async Task ValidSpec_ComesBackNormalized_WithTheLabsDefaults()
    {
        var spec = (await RunAsync(Minimal()))!.AsObject();

        Assert.Equal("demo", (string?)spec["environmentId"]);
        Assert.Equal(5000, (int?)spec["app"]!["port"]);
        Assert.Equal("/status", (string?)spec["app"]!["healthCheck"]!["path"]);
        Assert.Equal((0, 3, 1), ((int?)spec["scaling"]!["min"], (int?)spec["scaling"]!["max"], (int?)spec["scaling"]!["desired"]));
    }

    [Fact]
    public async Task InvalidSpec_FailsWithEveryErrorNamedByItsPointer()
    {
        var spec = Minimal();
        spec["environmentId"] = "Demo_1";
        spec["scaling"] = new JsonObject { ["min"] = 4, ["max"] = 2 };
        spec["owner"] = "someone";

        var error = await Assert.ThrowsAsync<StepFailedException>(() => RunAsync(spec));

        Assert.Equal(StepErrors.InvalidSpec, error.ErrorName);
        var lines = error.Message.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("/environmentId: ", StringComparison.Ordinal) && l.Contains("\"Demo_1\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("/scaling", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("/owner: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SpecWithoutNetwork_TakesTheDeploymentsDefaults()
    {
        var settings = new StepSettings { DefaultVpcId = Vpc, DefaultSubnetIds = Subnets };

        var spec = (await RunAsync(Minimal(network: false), settings))!.AsObject();

        Assert.Equal(Vpc, (string?)spec["network"]!["vpcId"]);
        Assert.Equal(Subnets, spec["network"]!["subnetIds"]!.AsArray().Select(s => (string?)s));
    }

    [Fact]
    public async Task SpecWithItsOwnNetwork_KeepsIt_AndWithoutDefaultsNetworkIsRequired()
    {
        var settings = new StepSettings { DefaultVpcId = "vpc-11111111", DefaultSubnetIds = ["subnet-11111111", "subnet-22222222"] };
        Assert.Equal(Vpc, (string?)(await RunAsync(Minimal(), settings))!["network"]!["vpcId"]);

        var error = await Assert.ThrowsAsync<StepFailedException>(() => RunAsync(Minimal(network: false)));
        Assert.Equal(StepErrors.InvalidSpec, error.ErrorName);
        Assert.StartsWith("/network: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxSize_IsCheckedAgainstTheDeploymentsCap()
    {
        var spec = Minimal();
        spec["scaling"] = new JsonObject { ["max"] = 30 };

        var error = await Assert.ThrowsAsync<StepFailedException>(() => RunAsync(spec.DeepClone()));
        Assert.Contains("/scaling/max: ", error.Message, StringComparison.Ordinal);

        Assert.Equal(30, (int?)(await RunAsync(spec, new StepSettings { MaxInstancesCap = 50 }))!["scaling"]!["max"]);
    }

    [Theory]
    [InlineData("""{"environment":{}}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""null""")]
    public async Task InputWithoutASpecField_IsBadInput(string input)
    {
        var error = await Assert.ThrowsAsync<StepFailedException>(() => new ValidateSpec(new StepSettings()).InvokeAsync(JsonNode.Parse(input), _ct));

        Assert.Equal(StepErrors.BadInput, error.ErrorName);
    }

    [Fact]
    public async Task ManyErrors_AreListedUpToTheBound_AndCounted()
    {
        var spec = Minimal();
        for (var i = 0; i < ValidateSpec.MaxErrorsInCause + 7; i++)
        {
            spec["unknown" + i] = i;
        }

        var error = await Assert.ThrowsAsync<StepFailedException>(() => RunAsync(spec));

        var lines = error.Message.Split('\n');
        Assert.Equal(ValidateSpec.MaxErrorsInCause + 1, lines.Length);
        Assert.Equal("... and 7 more", lines[^1]);
    }

    [Fact]
    public void StepSettings_ReadTheCapAndTheDefaultNetwork_AndRefuseABadCap()
    {
        var variables = new Dictionary<string, string>
        {
            [StepSettings.MaxInstancesVariable] = "40",
            [StepSettings.DefaultVpcIdVariable] = Vpc,
            [StepSettings.DefaultSubnetIdsVariable] = $"{Subnets[0]}, {Subnets[1]}",
        };

        var settings = StepSettings.FromEnvironment(variables.GetValueOrDefault);

        Assert.Equal((40, Vpc), (settings.MaxInstancesCap, settings.DefaultVpcId));
        Assert.Equal(Subnets, settings.DefaultSubnetIds);
        var unset = StepSettings.FromEnvironment(_ => null);
        Assert.Equal((20, null, 0), (unset.MaxInstancesCap, unset.DefaultVpcId, unset.DefaultSubnetIds.Count));

        variables[StepSettings.MaxInstancesVariable] = "lots";
        var error = Assert.Throws<InvalidOperationException>(() => StepSettings.FromEnvironment(variables.GetValueOrDefault));
        Assert.Contains(StepSettings.MaxInstancesVariable, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("demo-g2-provision-1", 2)]
    [InlineData("started-by-hand", 1)]
    public async Task Invoke_GenerationFromTheExecutionName_IsInTheNormalizedSpec(string executionName, int expected)
    {
        var output = await new ValidateSpec(new StepSettings()).InvokeAsync(new JsonObject { ["spec"] = Minimal(), ["executionName"] = executionName }, _ct);

        Assert.Equal(expected, output!["generation"]!.GetValue<int>());
    }

    [Fact]
    public async Task Invoke_SpecCarriesAGeneration_ItWinsOverTheExecutionName()
    {
        var spec = Minimal();
        spec["generation"] = 5;

        var output = await new ValidateSpec(new StepSettings()).InvokeAsync(new JsonObject { ["spec"] = spec, ["executionName"] = "demo-g2-provision-1" }, _ct);

        Assert.Equal(5, output!["generation"]!.GetValue<int>());
    }

    [Fact]
    public async Task Invoke_GenerationNotAPositiveNumber_IsAnInvalidSpecNamingIt()
    {
        var spec = Minimal();
        spec["generation"] = "two";

        var error = await Assert.ThrowsAsync<StepFailedException>(() => RunAsync(spec));

        Assert.Equal((StepErrors.InvalidSpec, "/generation: must be a whole number from 1"), (error.ErrorName, error.Message));
    }
}
