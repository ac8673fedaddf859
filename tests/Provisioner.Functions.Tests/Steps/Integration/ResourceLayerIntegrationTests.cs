using Provisioner.Core.Steps;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions.Tests.Steps.Integration;

/// <summary>
/// The resource layer's ownership rule against moto: adopt our own generation's resource, refuse another
/// generation's or another deployment's without changing it, delete only what is ours.
/// </summary>
public sealed class ResourceLayerIntegrationTests(LocalCloudFixture fixture) : StepIntegrationTest(fixture), IClassFixture<LocalCloudFixture>
{
    private static CreateTargetGroup TargetGroup(StepDependencies deps, string deployment = "prov") => new(deps.ElbV2, new StepSettings { Deployment = deployment });

    private static CreateAlb Alb(StepDependencies deps, string deployment = "prov") => new(deps.Ec2, deps.ElbV2, new StepSettings { Deployment = deployment });

    [Fact]
    public async Task Run_SameGenerationAgain_AdoptsWhatItMade()
    {
        var first = await TargetGroup(Deps).RunAsync((Spec with { Generation = 1 }).Input(), Ct);
        var second = await TargetGroup(Deps).RunAsync((Spec with { Generation = 1 }).Input(), Ct);

        Assert.Equal(first, second);
        Assert.Single(await InspectAsync());
    }

    [Fact]
    public async Task Run_AnotherGenerationExists_RefusesWithEnvironmentExistsAndChangesNothing()
    {
        var live = await TargetGroup(Deps).RunAsync((Spec with { Generation = 1 }).Input(), Ct);
        var before = await InspectAsync();

        var error = await Assert.ThrowsAsync<StepFailedException>(() => TargetGroup(Deps).RunAsync((Spec with { Generation = 2 }).Input(), Ct));

        Assert.Equal(StepErrors.EnvironmentExists, error.ErrorName);
        Assert.Single(before);
        Assert.Equal(live.TargetGroupArn, Assert.Single(await InspectAsync()).Id);
    }

    [Fact]
    public async Task Run_AnotherDeploymentsSecurityGroup_RefusesWithEnvironmentExists()
    {
        var tg = await TargetGroup(Deps).RunAsync(Spec.Input(), Ct);
        await Alb(Deps, "stack-b").RunAsync(new CreateAlbInput(Spec, tg.TargetGroupArn), Ct);
        var before = await InspectAsync();

        var error = await Assert.ThrowsAsync<StepFailedException>(() => Alb(Deps).RunAsync(new CreateAlbInput(Spec, tg.TargetGroupArn), Ct));

        Assert.Equal(StepErrors.EnvironmentExists, error.ErrorName);
        Assert.Equal(before.Select(r => r.Id).Order(StringComparer.Ordinal), (await InspectAsync()).Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Undo_DeletesOnlyWhatIsOurs()
    {
        await TargetGroup(Deps).RunAsync((Spec with { Generation = 1 }).Input(), Ct);

        Assert.Equal(UndoResult.Done, await TargetGroup(Deps).UndoAsync((Spec with { Generation = 2 }).UndoInput(), Ct));
        Assert.Equal(UndoResult.Done, await TargetGroup(Deps, "stack-b").UndoAsync(new UndoInput(new UndoTarget(Spec.EnvironmentId)), Ct));
        Assert.Single(await InspectAsync());

        Assert.Equal(UndoResult.Done, await TargetGroup(Deps).UndoAsync(new UndoInput(new UndoTarget(Spec.EnvironmentId)), Ct));
        Assert.Empty(await InspectAsync());
    }
}
