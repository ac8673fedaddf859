using Provisioner.Core.Naming;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Steps;

public sealed class CreateAmiTests
{
    private readonly FakeCloud _cloud = new();
    private readonly CreateAmi _step;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public CreateAmiTests() => _step = new CreateAmi(_cloud.Ec2);

    [Fact]
    public async Task Run_FromInstance_CreatesTaggedImageAndSnapshots()
    {
        var spec = TestSpecs.Spec() with { Source = new() { InstanceId = "i-0abc12345def67890", NoReboot = true } };

        var output = await _step.RunAsync(spec.Input(), _ct);

        Assert.True(output.Baked);
        var request = _cloud.Ec2.LastCreateImage!;
        Assert.Equal("prov-shop-dev-ami", request.Name);
        Assert.Equal("i-0abc12345def67890", request.InstanceId);
        Assert.True(request.NoReboot);
        foreach (var tags in new[] { request.ImageTags!, request.SnapshotTags! })
        {
            Assert.Equal("shop-dev", tags[ResourceTags.EnvironmentKey]);
            Assert.Equal("true", tags[ResourceTags.ManagedKey]);
            Assert.Equal(StepNames.CreateAmi, tags[ResourceTags.StepKey]);
        }
        Assert.Equal(output.AmiId, Assert.Single(_cloud.Ec2.Images).Key);
    }

    [Fact]
    public async Task Run_FromInstanceName_BakesTheOneInstanceCarryingThatName()
    {
        var spec = TestSpecs.Spec() with { Source = new() { InstanceName = "app-server" } };

        var output = await _step.RunAsync(spec.Input(), _ct);

        Assert.True(output.Baked);
        Assert.Equal("i-0abc12345def67890", _cloud.Ec2.LastCreateImage!.InstanceId);
    }

    [Fact]
    public async Task Run_FromInstanceName_NoneOrTerminated_IsRejectedNamingTheField()
    {
        var lab = _cloud.Ec2.Instances["i-0abc12345def67890"];
        _cloud.Ec2.Instances[lab.InstanceId] = lab with { State = "terminated" };
        var spec = TestSpecs.Spec() with { Source = new() { InstanceName = "app-server" } };

        var error = await Assert.ThrowsAsync<StepFailedException>(() => _step.RunAsync(spec.Input(), _ct));

        Assert.Equal(StepErrors.Rejected, error.ErrorName);
        Assert.Contains("source.instanceName", error.Message, StringComparison.Ordinal);
        Assert.Contains("no running or stopped instance is named 'app-server'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _cloud.Aws.Count("CreateImage"));
    }

    [Fact]
    public async Task Run_FromInstanceName_TwoMatches_IsRejectedListingBoth()
    {
        var lab = _cloud.Ec2.Instances["i-0abc12345def67890"];
        _cloud.Ec2.Instances["i-0abc12345def67891"] = lab with { InstanceId = "i-0abc12345def67891", State = "stopped" };
        var spec = TestSpecs.Spec() with { Source = new() { InstanceName = "app-server" } };

        var error = await Assert.ThrowsAsync<StepFailedException>(() => _step.RunAsync(spec.Input(), _ct));

        Assert.Equal(StepErrors.Rejected, error.ErrorName);
        Assert.Contains("2 instances are named 'app-server' (i-0abc12345def67890, i-0abc12345def67891)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _cloud.Aws.Count("CreateImage"));
    }

    [Fact]
    public async Task Run_FromInstanceName_NotAnAllowedSource_IsRejected()
    {
        var lab = _cloud.Ec2.Instances["i-0abc12345def67890"];
        _cloud.Ec2.Instances[lab.InstanceId] = lab with { Tags = new Dictionary<string, string> { ["Name"] = "app-server" } };
        var spec = TestSpecs.Spec() with { Source = new() { InstanceName = "app-server" } };

        var error = await Assert.ThrowsAsync<StepFailedException>(() => _step.RunAsync(spec.Input(), _ct));

        Assert.Contains("source.instanceName: instance i-0abc12345def67890 is not tagged provisioner:source=allowed", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _cloud.Aws.Count("CreateImage"));
    }

    [Fact]
    public async Task Run_Twice_ReturnsTheSameImage()
    {
        var first = await _step.RunAsync(TestSpecs.Spec().Input(), _ct);
        var second = await _step.RunAsync(TestSpecs.Spec().Input(), _ct);

        Assert.Equal(first, second);
        Assert.Equal(1, _cloud.Aws.Count("CreateImage"));
        Assert.Single(_cloud.Ec2.Images);
    }

    [Fact]
    public async Task Run_RetriedAfterLostResponse_LeavesExactlyOneImage()
    {
        _cloud.Aws.LoseResponse("CreateImage");

        await Assert.ThrowsAsync<HttpRequestException>(() => _step.RunAsync(TestSpecs.Spec().Input(), _ct));
        var retried = await _step.RunAsync(TestSpecs.Spec().Input(), _ct);

        Assert.Equal(retried.AmiId, Assert.Single(_cloud.Ec2.Images).Key);
    }

    [Fact]
    public async Task Run_DuplicateNameRace_AdoptsTheImageTheOtherAttemptMade()
    {
        // A concurrent attempt of the same task makes the image between our describe and our create.
        Provisioner.Aws.Ec2.Image? racing = null;
        _cloud.Aws.Before("CreateImage", () => racing = _cloud.Ec2.AddImage("prov-shop-dev-ami", "pending", ResourceTags.For("shop-dev", StepNames.CreateAmi)));

        var output = await _step.RunAsync(TestSpecs.Spec().Input(), _ct);

        Assert.Equal(racing!.ImageId, output.AmiId);
        Assert.Single(_cloud.Ec2.Images);
    }

    [Fact]
    public async Task Run_ImageWithOurNameButNotOurTags_IsRejectedNotAdopted()
    {
        _cloud.Ec2.AddImage("prov-shop-dev-ami", tags: new Dictionary<string, string> { ["owner"] = "someone-else" });

        var error = await Assert.ThrowsAsync<StepFailedException>(() => _step.RunAsync(TestSpecs.Spec().Input(), _ct));

        Assert.Equal(StepErrors.Rejected, error.ErrorName);
        Assert.Contains("prov-shop-dev-ami", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _cloud.Aws.Count("CreateImage"));
    }

    [Fact]
    public async Task Run_WithGivenAmi_UsesItWithoutBaking()
    {
        var given = _cloud.Ec2.AddImage("golden-image");

        var output = await _step.RunAsync(TestSpecs.Spec().WithAmi(given.ImageId).Input(), _ct);

        Assert.Equal(new CreateAmiOutput(given.ImageId, Baked: false), output);
        Assert.Equal(0, _cloud.Aws.Count("CreateImage"));
    }

    [Fact]
    public async Task Run_WithMissingGivenAmi_IsRejectedNamingTheField()
    {
        var error = await Assert.ThrowsAsync<StepFailedException>(() => _step.RunAsync(TestSpecs.Spec().WithAmi("ami-0000000000000dead").Input(), _ct));

        Assert.Equal(StepErrors.Rejected, error.ErrorName);
        Assert.StartsWith("source.amiId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undo_AfterRun_DeregistersTheImageAndDeletesItsSnapshots()
    {
        await _step.RunAsync(TestSpecs.Spec().Input(), _ct);

        var result = await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct);

        Assert.Equal(UndoResult.Done, result);
        Assert.Empty(_cloud.Ec2.Images);
        Assert.Empty(_cloud.Ec2.Snapshots);
    }

    [Fact]
    public async Task Undo_TwiceAndWithNothingThere_IsDone()
    {
        Assert.Equal(UndoStatus.Done, (await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct)).Status);
        await _step.RunAsync(TestSpecs.Spec().Input(), _ct);
        Assert.Equal(UndoStatus.Done, (await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct)).Status);
        Assert.Equal(UndoStatus.Done, (await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct)).Status);
    }

    [Fact]
    public async Task Undo_DeregisterAnsweredImageUnavailable_ALostAnswerOfAnEarlierAttempt_IsNoFailure()
    {
        await _step.RunAsync(TestSpecs.Spec().Input(), _ct);
        _cloud.Aws.FailNext("DeregisterImage", "InvalidAMIID.Unavailable", System.Net.HttpStatusCode.BadRequest);

        // The answer means "already deregistered": no failure; the snapshots follow once the image is gone.
        var first = await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct);
        _cloud.Ec2.Images.Clear();
        var second = await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct);

        Assert.Equal(UndoStatus.Waiting, first.Status);
        Assert.Equal(UndoResult.Done, second);
        Assert.Empty(_cloud.Ec2.Snapshots);
    }

    [Fact]
    public async Task Undo_AfterCrashBetweenDeregisterAndSnapshotDelete_FindsTheSnapshotByTag()
    {
        await _step.RunAsync(TestSpecs.Spec().Input(), _ct);
        _cloud.Ec2.Images.Clear(); // deregistered; the snapshot was not deleted yet

        await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct);

        Assert.Empty(_cloud.Ec2.Snapshots);
    }

    [Fact]
    public async Task Undo_WithReusedAmi_NeverDeletesIt()
    {
        var given = _cloud.Ec2.AddImage("golden-image", tags: ResourceTags.For("shop-dev", StepNames.CreateAmi));

        var result = await _step.UndoAsync(TestSpecs.Spec().WithAmi(given.ImageId).UndoInput(), _ct);

        Assert.Equal(UndoResult.Done, result);
        Assert.True(_cloud.Ec2.Images.ContainsKey(given.ImageId));
        Assert.Equal(0, _cloud.Aws.Count("DeregisterImage"));
    }

    [Fact]
    public async Task Undo_LeavesAnotherEnvironmentsImage()
    {
        await new CreateAmi(_cloud.Ec2).RunAsync(TestSpecs.Spec(environmentId: "shop-prod").Input(), _ct);

        await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct);

        Assert.Single(_cloud.Ec2.Images);
        Assert.Single(_cloud.Ec2.Snapshots);
    }
}
