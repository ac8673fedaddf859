using Provisioner.Core.Naming;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps;
using Provisioner.LocalCloud.Faults;
using Provisioner.LocalCloud.Inspection;

namespace Provisioner.Functions.Tests.Steps.Integration;

public sealed class CreateTargetGroupIntegrationTests(LocalCloudFixture fixture) : StepIntegrationTest(fixture), IClassFixture<LocalCloudFixture>
{
    private static CreateTargetGroup Step(StepDependencies deps) => new(deps.ElbV2);

    [Fact]
    public async Task Run_CreatesExactlyTheTaggedTargetGroup()
    {
        var output = await Step(Deps).RunAsync(Spec.Input(), Ct);

        var made = await MadeByAsync(StepNames.CreateTargetGroup);
        var group = Assert.Single(made);
        Assert.Equal((InspectedTypes.TargetGroup, output.TargetGroupArn, Names.TargetGroup), (group.Type, group.Id, group.Name));
        AssertTagged(made, StepNames.CreateTargetGroup);
        var attributes = await Deps.ElbV2.DescribeTargetGroupAttributesAsync(output.TargetGroupArn, Ct);
        Assert.Equal("30", attributes["deregistration_delay.timeout_seconds"]);
    }

    [Fact]
    public async Task Run_Twice_GivesTheSameResources()
    {
        var first = await Step(Deps).RunAsync(Spec.Input(), Ct);
        var second = await Step(Deps).RunAsync(Spec.Input(), Ct);

        Assert.Equal(first, second);
        Assert.Single(await InspectAsync());
    }

    [Fact]
    public async Task Run_CreateLosesItsResponse_RetriedRunLeavesExactlyOne()
    {
        var lost = LoseResponse("elasticloadbalancing", "CreateTargetGroup");

        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(Spec.Input(), Ct));
        var output = await Step(SingleAttempt).RunAsync(Spec.Input(), Ct);

        Assert.Equal(1, lost.Hits);
        Assert.Equal(output.TargetGroupArn, Assert.Single(await InspectAsync()).Id);
    }

    [Fact]
    public async Task Run_ThrottledCall_IsRetriedAndSucceeds()
    {
        var throttle = Cloud.Faults.Add(new Fault("elasticloadbalancing", "CreateTargetGroup", FaultKind.Throttle, times: 2));

        var output = await Step(Deps).RunAsync(Spec.Input(), Ct);

        Assert.Equal(2, throttle.Hits);
        Assert.Equal(output.TargetGroupArn, Assert.Single(await InspectAsync()).Id);
    }

    [Fact]
    public async Task Run_ThrottledBeyondTheClientsRetries_IsThrottled()
    {
        Cloud.Faults.Add(new Fault("elasticloadbalancing", "CreateTargetGroup", FaultKind.Throttle, times: 5));
        var handler = new Provisioner.Functions.Handlers.HandlerTable(StepCatalog.Handlers(Deps)).Get("CreateTargetGroup.Run");

        var error = await Assert.ThrowsAsync<StepFailedException>(() =>
            handler.InvokeAsync(System.Text.Json.JsonSerializer.SerializeToNode(Spec.Input(), StepJsonContext.Default.StepInput), Ct));

        Assert.Equal(StepErrors.Throttled, error.ErrorName);
    }

    [Fact]
    public async Task Undo_RemovesIt_TwiceAndWithNothingThereIsDone()
    {
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        await Step(Deps).RunAsync(Spec.Input(), Ct);

        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Empty(await InspectAsync());
    }

    [Fact]
    public async Task Undo_AfterARunThatCrashedBeforeReturning_RemovesWhatItMade()
    {
        // The group is made, then the function dies before answering (here: the last call's answer is lost).
        LoseResponse("elasticloadbalancing", "ModifyTargetGroupAttributes");
        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(Spec.Input(), Ct));
        Assert.NotEmpty(await InspectAsync());

        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Empty(await InspectAsync());
    }
}
