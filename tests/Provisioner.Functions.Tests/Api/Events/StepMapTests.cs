using Provisioner.Functions.Api.Events;

namespace Provisioner.Functions.Tests.Api.Events;

public sealed class StepMapTests
{
    [Theory]
    [InlineData("${CreateAmiRunFunctionArn}", "CreateAmi.Run")]
    [InlineData("${CreateAsgUndoFunctionArn}", "CreateAsg.Undo")]
    [InlineData("${CreateAsgCheckFunctionArn}", "CreateAsg.Check")]
    [InlineData("arn:aws:states:::states:startExecution.sync:2", null)]
    public void HandlerOf_ResourcePlaceholder_HandlerName(string resource, string? handler) =>
        Assert.Equal(handler, StepMap.HandlerOf(resource));

    [Fact]
    public void Embedded_TheRealStateMachines_StepsAndBranchesAsTheDemoNamesThem()
    {
        var map = StepMap.Embedded;

        Assert.Equal(new StepInfo("ValidateSpec", null), map.Task("ValidateSpec"));
        Assert.Equal("CreateAmi", map.Task("CreateAmi")?.Step);
        Assert.Equal("CreateAmi", map.Task("CreateAmi")?.Branch);
        Assert.Equal("CreateTargetGroup", map.Task("CreateAlb")?.Branch);
        Assert.Equal("CreateAsg.Undo", map.Task("CreateAsgUndo")?.Step);
        Assert.Equal("CreateAsg", map.Task("CheckHealthy")?.Step);
    }
}
