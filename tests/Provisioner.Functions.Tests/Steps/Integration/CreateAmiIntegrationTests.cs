using Provisioner.Core.Naming;
using Provisioner.Functions.Steps;
using Provisioner.LocalCloud.Inspection;

namespace Provisioner.Functions.Tests.Steps.Integration;

public sealed class CreateAmiIntegrationTests(LocalCloudFixture fixture) : StepIntegrationTest(fixture), IClassFixture<LocalCloudFixture>
{
    private static CreateAmi Step(StepDependencies deps) => new(deps.Ec2);

    [Fact]
    public async Task Run_CreatesExactlyTheTaggedImageAndItsSnapshots()
    {
        var output = await Step(Deps).RunAsync(Spec.Input(), Ct);

        Assert.True(output.Baked);
        var made = await MadeByAsync(StepNames.CreateAmi);
        Assert.Equal(output.AmiId, Assert.Single(made, r => r.Type == InspectedTypes.Image).Id);
        Assert.Contains(made, r => r.Type == InspectedTypes.Snapshot);
        Assert.All(made, r => Assert.True(r.Type is InspectedTypes.Image or InspectedTypes.Snapshot, r.ToString()));
        AssertTagged(made, StepNames.CreateAmi);
        Assert.Equal(made.Count, (await InspectAsync()).Count);
    }

    [Fact]
    public async Task WaitAvailable_IsWaitingWhilePending_ThenReady()
    {
        var output = await Step(Deps).RunAsync(Spec.Input(), Ct);
        var check = new WaitAvailable(Deps.Ec2, Fixture.Time);

        var first = await check.RunAsync(new(Spec, output.AmiId), Ct);
        Assert.Equal(CheckStatus.Waiting, first.Status);

        var calls = await CheckUntilReadyAsync(() => check.RunAsync(new(Spec, output.AmiId), Ct));
        Assert.InRange(calls, 1, 10);
    }

    [Fact]
    public async Task Run_Twice_GivesTheSameImage()
    {
        var first = await Step(Deps).RunAsync(Spec.Input(), Ct);
        var second = await Step(Deps).RunAsync(Spec.Input(), Ct);

        Assert.Equal(first, second);
        Assert.Single(await InspectAsync(), r => r.Type == InspectedTypes.Image);
    }

    [Fact]
    public async Task Run_CreateImageLosesItsResponse_RetriedRunLeavesExactlyOneImage()
    {
        var lost = LoseResponse("ec2", "CreateImage");

        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(Spec.Input(), Ct));
        var output = await Step(SingleAttempt).RunAsync(Spec.Input(), Ct);

        Assert.Equal(1, lost.Hits);
        Assert.Equal(output.AmiId, Assert.Single(await InspectAsync(), r => r.Type == InspectedTypes.Image).Id);
    }

    [Fact]
    public async Task Undo_RemovesImageAndSnapshots_TwiceAndWithNothingThereIsDone()
    {
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        await Step(Deps).RunAsync(Spec.Input(), Ct);

        await UndoUntilDoneAsync(() => Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Empty(await InspectAsync());
    }

    [Fact]
    public async Task Undo_AfterARunThatCrashedBeforeReturning_RemovesWhatItMade()
    {
        LoseResponse("ec2", "CreateImage");
        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(Spec.Input(), Ct));
        Assert.NotEmpty(await InspectAsync());

        await UndoUntilDoneAsync(() => Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Empty(await InspectAsync());
    }

    [Fact]
    public async Task ReusedAmi_IsUsedAsIsAndNeverDeleted()
    {
        var given = Cloud.Seed!.ImageId;
        var spec = Spec.WithAmi(given);

        Assert.Equal(new CreateAmiOutput(given, Baked: false), await Step(Deps).RunAsync(spec.Input(), Ct));
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(spec.UndoInput(), Ct));

        Assert.Single(await Deps.Ec2.DescribeImagesAsync(Provisioner.Aws.Ec2.DescribeImagesRequest.ById(given), Ct));
        Assert.Empty(await InspectAsync());
    }
}
