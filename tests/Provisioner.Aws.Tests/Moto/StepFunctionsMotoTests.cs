using Provisioner.Aws.StepFunctions;

namespace Provisioner.Aws.Tests.Moto;

public sealed class StepFunctionsMotoTests(MotoFixture moto) : MotoTest(moto)
{
    private const string Definition = """{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}""";
    private const string Role = "arn:aws:iam::123456789012:role/provisioner-sfn";

    [Fact]
    public async Task StateMachineAndExecution_RoundTrip()
    {
        var created = await Aws.StepFunctions.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "provision",
            Definition = Definition,
            RoleArn = Role,
            Type = "STANDARD",
            Tags = new Dictionary<string, string> { ["provisioner:managed"] = "true" },
        }, Ct);
        Assert.EndsWith(":stateMachine:provision", created.StateMachineArn);

        const string updatedDefinition = """{"StartAt":"Again","States":{"Again":{"Type":"Pass","End":true}}}""";
        await Aws.StepFunctions.UpdateStateMachineAsync(new UpdateStateMachineRequest { StateMachineArn = created.StateMachineArn, Definition = updatedDefinition }, Ct);
        var described = await Aws.StepFunctions.DescribeStateMachineAsync(created.StateMachineArn, Ct);
        Assert.Equal("provision", described.Name);
        Assert.Equal(updatedDefinition, described.Definition);
        Assert.Equal(Role, described.RoleArn);

        var started = await Aws.StepFunctions.StartExecutionAsync(new StartExecutionRequest
        {
            StateMachineArn = created.StateMachineArn,
            Name = "shop-dev-create-1",
            Input = """{"environmentId":"shop-dev"}""",
        }, Ct);
        Assert.EndsWith(":shop-dev-create-1", started.ExecutionArn);
        Assert.NotEqual(default, started.StartDate);

        var execution = await Aws.StepFunctions.DescribeExecutionAsync(started.ExecutionArn, Ct);
        Assert.Equal(created.StateMachineArn, execution.StateMachineArn);
        Assert.Equal("""{"environmentId":"shop-dev"}""", execution.Input);

        var list = await Aws.StepFunctions.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = created.StateMachineArn }, Ct);
        Assert.Equal(started.ExecutionArn, Assert.Single(list.Executions).ExecutionArn);

        var history = await Aws.StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = started.ExecutionArn }, Ct);
        Assert.NotEmpty(history.Events);
        Assert.All(history.Events, e => Assert.False(string.IsNullOrEmpty(e.Type)));

        if (execution.Status == ExecutionStatus.Running)
        {
            var stopped = await Aws.StepFunctions.StopExecutionAsync(started.ExecutionArn, "Provisioner.Cancelled", "test", Ct);
            Assert.NotEqual(default, stopped);
            Assert.Equal(ExecutionStatus.Aborted, (await Aws.StepFunctions.DescribeExecutionAsync(started.ExecutionArn, Ct)).Status);
        }
    }

    [Fact]
    public async Task DescribeExecution_Unknown_IsExecutionDoesNotExist()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            Aws.StepFunctions.DescribeExecutionAsync("arn:aws:states:us-east-1:123456789012:execution:provision:nope", Ct));
        Assert.Equal("ExecutionDoesNotExist", error.ErrorCode);
        Assert.True(error.IsNotFound);
        Assert.Equal("states", error.Service);
    }
}
