using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Steps;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Steps;

public sealed class StepCatalogTests
{
    private readonly FakeCloud _cloud = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public void Handlers_AreExactlyTheContractsNames()
    {
        var table = new HandlerTable(StepCatalog.Handlers(_cloud.Dependencies));

        Assert.Equal(
            [
                "AttachCert.Run", "AttachCert.Undo",
                "CreateAlarms.Run", "CreateAlarms.Undo",
                "CreateAlb.Run", "CreateAlb.Undo",
                "CreateAmi.Run", "CreateAmi.Undo",
                "CreateAsg.Check", "CreateAsg.Run", "CreateAsg.Undo",
                "CreateLaunchTemplate.Run", "CreateLaunchTemplate.Undo",
                "CreateTargetGroup.Run", "CreateTargetGroup.Undo",
                "ScheduleLogExport.Run", "ScheduleLogExport.Undo",
                "ValidateSpec.Run",
                "WaitAvailable.Run",
            ],
            table.Names);
    }

    [Fact]
    public async Task Handler_TakesTheSpecAsTheStateMachinePassesItAndAnswersCamelCase()
    {
        var table = new HandlerTable(StepCatalog.Handlers(_cloud.Dependencies));
        var input = new JsonObject { ["spec"] = SpecNode(), ["unrelated"] = "ignored" };

        var output = (await table.Get("CreateTargetGroup.Run").InvokeAsync(input, _ct))!.AsObject();

        Assert.StartsWith("arn:aws:elasticloadbalancing:", output["targetGroupArn"]!.GetValue<string>(), StringComparison.Ordinal);
        var undo = (await table.Get("CreateTargetGroup.Undo").InvokeAsync(new JsonObject { ["spec"] = SpecNode() }, _ct))!.AsObject();
        Assert.Equal("DONE", undo["status"]!.GetValue<string>());
        Assert.Equal(0, undo["waitSeconds"]!.GetValue<int>());
        Assert.Empty(undo["remaining"]!.AsArray());
    }

    [Fact]
    public async Task Handler_MissingContractField_IsBadInput()
    {
        var table = new HandlerTable(StepCatalog.Handlers(_cloud.Dependencies));

        var error = await Assert.ThrowsAsync<StepFailedException>(() => table.Get("CreateAlb.Run").InvokeAsync(new JsonObject { ["spec"] = SpecNode() }, _ct));

        Assert.Equal(StepErrors.BadInput, error.ErrorName);
        Assert.Contains("targetGroupArn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handler_AwsRefusal_IsRejected()
    {
        var table = new HandlerTable(StepCatalog.Handlers(_cloud.Dependencies));
        _cloud.Aws.FailNext("CreateTargetGroup", "ValidationError", message: "Health check interval must be greater than the timeout.");

        var error = await Assert.ThrowsAsync<StepFailedException>(() => table.Get("CreateTargetGroup.Run").InvokeAsync(new JsonObject { ["spec"] = SpecNode() }, _ct));

        Assert.Equal(StepErrors.Rejected, error.ErrorName);
        Assert.Contains("Health check interval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handler_LaunchTemplateVersionMayArriveAsAString()
    {
        var table = new HandlerTable(StepCatalog.Handlers(_cloud.Dependencies));
        var input = new JsonObject
        {
            ["spec"] = SpecNode(),
            ["launchTemplateId"] = "lt-1",
            ["launchTemplateVersion"] = "3",
            ["targetGroupArn"] = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prov-shop-dev-tg/1",
            ["topicArn"] = "arn:aws:sns:us-east-1:123456789012:prov-shop-dev-alerts",
        };

        await table.Get("CreateAsg.Run").InvokeAsync(input, _ct);

        Assert.Equal("3", _cloud.AutoScaling.Requests["prov-shop-dev-asg"].LaunchTemplate.Version);
    }

    [Fact]
    public void CheckAndUndoResults_SerializeAsTheContractSays()
    {
        Assert.Equal("""{"status":"WAITING","waitSeconds":5}""", JsonSerializer.Serialize(CheckResult.Waiting(TimeSpan.FromSeconds(1)), StepJsonContext.Default.CheckResult));
        Assert.Equal("""{"status":"READY","waitSeconds":0}""", JsonSerializer.Serialize(CheckResult.Ready, StepJsonContext.Default.CheckResult));
        Assert.Equal("""{"status":"WAITING","waitSeconds":600,"remaining":["x"]}""", JsonSerializer.Serialize(UndoResult.Waiting(TimeSpan.FromHours(1), ["x"]), StepJsonContext.Default.UndoResult));
    }

    [Fact]
    public void StepSettings_FromEnvironment_ReadsTheContractsVariables()
    {
        var variables = new Dictionary<string, string>
        {
            [StepSettings.InstanceProfileVariable] = "profile",
            [StepSettings.LogExportStateMachineArnVariable] = "arn:sm",
            [StepSettings.SchedulerRoleArnVariable] = " arn:role ",
            [StepSettings.LogExportBucketVariable] = "",
        };

        var settings = StepSettings.FromEnvironment(name => variables.GetValueOrDefault(name));

        Assert.Equal(new StepSettings { InstanceProfileName = "profile", LogExportStateMachineArn = "arn:sm", SchedulerRoleArn = "arn:role", LogExportBucket = null }, settings);
    }

    [Theory]
    [InlineData(null, 60)]
    [InlineData("90", 90)]
    public void StepSettings_FromEnvironment_ReadsTheFunctionTimeout(string? value, int seconds)
    {
        var settings = StepSettings.FromEnvironment(name => name == StepSettings.FunctionTimeoutVariable ? value : null);

        Assert.Equal(TimeSpan.FromSeconds(seconds), settings.FunctionTimeout);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("901")]
    [InlineData("1m")]
    public void StepSettings_FromEnvironment_AFunctionTimeoutLambdaCannotHave_NamesTheVariable(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            StepSettings.FromEnvironment(name => name == StepSettings.FunctionTimeoutVariable ? value : null));

        Assert.Contains(StepSettings.FunctionTimeoutVariable, error.Message, StringComparison.Ordinal);
    }

    private static JsonNode SpecNode() => JsonSerializer.SerializeToNode(TestSpecs.Spec(), SpecJsonContext.Default.EnvironmentSpec)!;
}
