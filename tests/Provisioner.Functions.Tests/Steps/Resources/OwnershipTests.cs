using Provisioner.Core.Naming;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Steps.Resources;

/// <summary>
/// The ownership decisions on the recording fakes: a provision never adopts another generation's or
/// deployment's resource (it ends with Provisioner.EnvironmentExists before changing anything), a rollback
/// removes only its own generation's, a teardown from the id alone removes every generation's in its deployment.
/// </summary>
public sealed class OwnershipTests
{
    private const string OtherDeployment = "stack-b";

    private readonly FakeCloud _cloud = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private string SeedTargetGroup(int generation, string deployment = ResourceOwner.DefaultDeployment) =>
        _cloud.Elb.CreateTargetGroupAsync(new()
        {
            Name = "prov-shop-dev-tg", Port = 5000, VpcId = "vpc-1",
            Tags = ResourceTags.For("shop-dev", StepNames.CreateTargetGroup, "prov-shop-dev-tg", deployment, generation),
        }).GetAwaiter().GetResult().TargetGroupArn;

    [Fact]
    public async Task Run_AnotherGenerationsTargetGroup_EndsWithEnvironmentExistsTouchingNothing()
    {
        SeedTargetGroup(generation: 1);
        var calls = _cloud.Aws.Calls.Count;

        var error = await Assert.ThrowsAsync<StepFailedException>(() =>
            new CreateTargetGroup(_cloud.Elb).RunAsync((TestSpecs.Spec() with { Generation = 2 }).Input(), _ct));

        Assert.Equal(StepErrors.EnvironmentExists, error.ErrorName);
        Assert.Contains("generation 1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_cloud.Aws.Calls.Skip(calls), c => c.Contains("Create", StringComparison.Ordinal) || c.Contains("Modify", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_AnotherDeploymentsTargetGroup_EndsWithEnvironmentExists()
    {
        SeedTargetGroup(generation: 1, OtherDeployment);

        var error = await Assert.ThrowsAsync<StepFailedException>(() => new CreateTargetGroup(_cloud.Elb).RunAsync(TestSpecs.Spec().Input(), _ct));

        Assert.Equal(StepErrors.EnvironmentExists, error.ErrorName);
        Assert.Equal(0, _cloud.Aws.Count("ModifyTargetGroupAttributes"));
    }

    [Fact]
    public async Task Undo_RollbackOfGenerationTwo_LeavesGenerationOnesTargetGroup()
    {
        var live = SeedTargetGroup(generation: 1);

        Assert.Equal(UndoResult.Done, await new CreateTargetGroup(_cloud.Elb).UndoAsync((TestSpecs.Spec() with { Generation = 2 }).UndoInput(), _ct));

        Assert.True(_cloud.Elb.TargetGroups.ContainsKey(live));
    }

    [Fact]
    public async Task Undo_TeardownFromTheIdAlone_RemovesEveryGenerationInItsDeploymentOnly()
    {
        var live = SeedTargetGroup(generation: 3);
        var teardown = new UndoInput(new UndoTarget("shop-dev"));

        Assert.Equal(UndoResult.Done, await new CreateTargetGroup(_cloud.Elb, new StepSettings { Deployment = OtherDeployment }).UndoAsync(teardown, _ct));
        Assert.True(_cloud.Elb.TargetGroups.ContainsKey(live));

        Assert.Equal(UndoResult.Done, await new CreateTargetGroup(_cloud.Elb).UndoAsync(teardown, _ct));
        Assert.False(_cloud.Elb.TargetGroups.ContainsKey(live));
    }

    [Fact]
    public async Task Undo_TeardownFromTheIdAlone_RemovesTheSecurityGroupInAnyVpc()
    {
        var step = new CreateLaunchTemplate(_cloud.Ec2, TestSpecs.Settings);
        var lt = await step.RunAsync(new CreateLaunchTemplateInput(TestSpecs.Spec(vpcId: "vpc-old"), "ami-1", "sg-alb"), _ct);

        Assert.Equal(UndoResult.Done, await step.UndoAsync(new UndoInput(new UndoTarget("shop-dev")), _ct));

        Assert.False(_cloud.Ec2.SecurityGroups.ContainsKey(lt.InstanceSecurityGroupId));
        Assert.Empty(_cloud.Ec2.LaunchTemplates);
    }

    [Fact]
    public async Task Undo_SpecNowNamesAnAmi_StillRemovesTheBakedImageButNeverTheUsersAmi()
    {
        var step = new CreateAmi(_cloud.Ec2);
        var baked = await step.RunAsync(TestSpecs.Spec().Input(), _ct);
        var users = _cloud.Ec2.AddImage("golden-image");

        Assert.Equal(UndoResult.Done, await step.UndoAsync(TestSpecs.Spec().WithAmi(users.ImageId).UndoInput(), _ct));

        Assert.False(_cloud.Ec2.Images.ContainsKey(baked.AmiId));
        Assert.True(_cloud.Ec2.Images.ContainsKey(users.ImageId));
    }

    [Fact]
    public async Task Undo_InvalidEnvironmentId_IsAnInvalidSpecNamingTheField()
    {
        var error = await Assert.ThrowsAsync<StepFailedException>(() => new CreateTargetGroup(_cloud.Elb).UndoAsync(new UndoInput(new UndoTarget("../x")), _ct));

        Assert.Equal(StepErrors.InvalidSpec, error.ErrorName);
        Assert.StartsWith("/environmentId:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAmiRun_SourceWithoutTheAllowedTag_IsRejectedNamingTheTag()
    {
        _cloud.Ec2.Instances["i-0abc12345def67890"] = _cloud.Ec2.Instances["i-0abc12345def67890"] with { Tags = new Dictionary<string, string> { ["Name"] = "db" } };

        var error = await Assert.ThrowsAsync<StepFailedException>(() => new CreateAmi(_cloud.Ec2).RunAsync(TestSpecs.Spec().Input(), _ct));

        Assert.Equal(StepErrors.Rejected, error.ErrorName);
        Assert.Contains("source.instanceId", error.Message, StringComparison.Ordinal);
        Assert.Contains("provisioner:source=allowed", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _cloud.Aws.Count("CreateImage"));
    }

    [Fact]
    public void LaunchTemplateRequest_RequiresImdsV2AndEncryptsTheRootVolume()
    {
        var request = new CreateLaunchTemplate(_cloud.Ec2, TestSpecs.Settings).Request(new ResourceOwner("shop-dev"), TestSpecs.Spec(), "ami-1", "sg-1", "/dev/sda1", 8);

        Assert.True(request.RequireImdsV2);
        Assert.Equal(("/dev/sda1", 8), (request.EncryptedVolumeDeviceName, request.EncryptedVolumeSizeGiB));
    }

    [Fact]
    public void WaitBudget_Spent_FailsAsResourceFailed_ElseCutsTheWaitToWhatIsLeft()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var error = Assert.Throws<StepFailedException>(() => WaitBudget.Within(TimeSpan.FromSeconds(60), start, start + WaitBudget.Provision, "Image ami-1 did not become available"));
        Assert.Equal(StepErrors.ResourceFailed, error.ErrorName);
        Assert.Equal(30, WaitBudget.Within(TimeSpan.FromSeconds(600), start, start + WaitBudget.Provision - TimeSpan.FromSeconds(30), "x").WaitSeconds);
    }
}
