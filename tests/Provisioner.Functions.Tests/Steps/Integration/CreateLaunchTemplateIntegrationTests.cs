using Provisioner.Aws.Ec2;
using Provisioner.Core.Naming;
using Provisioner.Functions.Steps;
using Provisioner.LocalCloud.Inspection;

namespace Provisioner.Functions.Tests.Steps.Integration;

public sealed class CreateLaunchTemplateIntegrationTests(LocalCloudFixture fixture) : StepIntegrationTest(fixture), IClassFixture<LocalCloudFixture>
{
    private static CreateLaunchTemplate Step(StepDependencies deps) => new(deps.Ec2, deps.Settings);

    private async Task<CreateLaunchTemplateInput> InputAsync()
    {
        var albGroup = await Deps.Ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "alb-under-test", Description = "test", VpcId = Spec.Network.VpcId }, Ct);
        return new(Spec, Cloud.Seed!.ImageId, albGroup);
    }

    [Fact]
    public async Task Run_CreatesTheTemplateAndAGroupOpenOnlyToTheLoadBalancer()
    {
        var input = await InputAsync();

        var output = await Step(Deps).RunAsync(input, Ct);

        var made = await MadeByAsync(StepNames.CreateLaunchTemplate);
        Assert.Equal([InspectedTypes.LaunchTemplate, InspectedTypes.SecurityGroup], made.Select(r => r.Type).Order(StringComparer.Ordinal));
        AssertTagged(made, StepNames.CreateLaunchTemplate);
        Assert.Equal(output.LaunchTemplateId, Assert.Single(made, r => r.Type == InspectedTypes.LaunchTemplate).Id);
        var group = Assert.Single(await Deps.Ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupIds = [output.InstanceSecurityGroupId] }, Ct));
        var rule = Assert.Single(group.IngressRules);
        Assert.Equal((5000, 5000, input.AlbSecurityGroupId, (string?)null), (rule.FromPort, rule.ToPort, rule.SourceSecurityGroupId, rule.CidrIp));
        Assert.Equal(1, output.LaunchTemplateVersion);
    }

    [Fact]
    public async Task Run_Twice_GivesTheSameResources()
    {
        var input = await InputAsync();
        var first = await Step(Deps).RunAsync(input, Ct);
        var second = await Step(Deps).RunAsync(input, Ct);

        Assert.Equal(first, second);
        Assert.Equal(2, (await InspectAsync()).Count);
    }

    [Theory]
    [InlineData("CreateSecurityGroup")]
    [InlineData("CreateLaunchTemplate")]
    public async Task Run_CreateLosesItsResponse_RetriedRunLeavesExactlyOneOfEach(string action)
    {
        var input = await InputAsync();
        LoseResponse("ec2", action);

        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(input, Ct));
        await Step(SingleAttempt).RunAsync(input, Ct);

        var all = await InspectAsync();
        Assert.Single(all, r => r.Type == InspectedTypes.LaunchTemplate);
        Assert.Single(all, r => r.Type == InspectedTypes.SecurityGroup);
    }

    [Fact]
    public async Task Undo_RemovesTemplateAndGroup_TwiceAndWithNothingThereIsDone()
    {
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        await Step(Deps).RunAsync(await InputAsync(), Ct);

        await UndoUntilDoneAsync(() => Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Empty(await InspectAsync());
    }

    [Fact]
    public async Task Undo_AfterARunThatCrashedBeforeReturning_RemovesWhatItMade()
    {
        var input = await InputAsync();
        LoseResponse("ec2", "CreateLaunchTemplate");
        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(input, Ct));
        Assert.Equal(2, (await InspectAsync()).Count);

        await UndoUntilDoneAsync(() => Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Empty(await InspectAsync());
    }
}
