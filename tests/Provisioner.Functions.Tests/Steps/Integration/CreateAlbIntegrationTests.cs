using Provisioner.Aws.Ec2;
using Provisioner.Core.Naming;
using Provisioner.Functions.Steps;
using Provisioner.Functions.Steps.Resources;
using Provisioner.LocalCloud.Inspection;

namespace Provisioner.Functions.Tests.Steps.Integration;

public sealed class CreateAlbIntegrationTests(LocalCloudFixture fixture) : StepIntegrationTest(fixture), IClassFixture<LocalCloudFixture>
{
    private static CreateAlb Step(StepDependencies deps) => new(deps.Ec2, deps.ElbV2);

    private async Task<CreateAlbInput> InputAsync() =>
        new(Spec, (await new CreateTargetGroup(Deps.ElbV2).RunAsync(Spec.Input(), Ct)).TargetGroupArn);

    [Fact]
    public async Task Run_CreatesGroupLoadBalancerAndListener_TaggedAndWithTheRightRules()
    {
        var output = await Step(Deps).RunAsync(await InputAsync(), Ct);

        var made = await MadeByAsync(StepNames.CreateAlb);
        Assert.Equal([InspectedTypes.SecurityGroup, InspectedTypes.LoadBalancer], made.Select(r => r.Type).Order(StringComparer.Ordinal));
        AssertTagged(made, StepNames.CreateAlb);
        var listener = Assert.Single(await InspectAsync(), r => r.Type == InspectedTypes.Listener);
        Assert.Equal((output.HttpListenerArn, "HTTP:80"), (listener.Id, listener.Name));

        var group = Assert.Single(await Deps.Ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { GroupIds = [output.AlbSecurityGroupId] }, Ct));
        Assert.Equal(
            [(80, "0.0.0.0/0"), (443, "0.0.0.0/0")],
            group.IngressRules.Select(r => (r.FromPort, r.CidrIp)).Order());
        // Through the realism layer (inspection reads moto directly, which has no provisioning phase).
        Assert.Equal("provisioning", (await LoadBalancers.DescribeByArnAsync(Deps.ElbV2, output.LoadBalancerArn, Ct))!.StateCode);
    }

    [Fact]
    public async Task Readiness_IsWaitingWhileProvisioning_ThenReady()
    {
        var output = await Step(Deps).RunAsync(await InputAsync(), Ct);

        Assert.Equal(CheckStatus.Waiting, (await LoadBalancers.ReadinessAsync(Deps.ElbV2, output.LoadBalancerArn, Fixture.Time.GetUtcNow(), Ct)).Status);
        var calls = await CheckUntilReadyAsync(() => LoadBalancers.ReadinessAsync(Deps.ElbV2, output.LoadBalancerArn, Fixture.Time.GetUtcNow(), Ct));
        Assert.InRange(calls, 1, 10);
    }

    [Fact]
    public async Task Run_Twice_GivesTheSameResources()
    {
        var input = await InputAsync();
        var first = await Step(Deps).RunAsync(input, Ct);
        var before = await InspectAsync();

        var second = await Step(Deps).RunAsync(input, Ct);

        Assert.Equal(first, second);
        Assert.Equal(before.Select(r => r.Id).Order(), (await InspectAsync()).Select(r => r.Id).Order());
    }

    [Theory]
    [InlineData("ec2", "CreateSecurityGroup")]
    [InlineData("elasticloadbalancing", "CreateLoadBalancer")]
    [InlineData("elasticloadbalancing", "CreateListener")]
    public async Task Run_CreateLosesItsResponse_RetriedRunLeavesExactlyOneOfEach(string service, string action)
    {
        var input = await InputAsync();
        LoseResponse(service, action);

        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(input, Ct));
        await Step(SingleAttempt).RunAsync(input, Ct);

        var all = await InspectAsync();
        Assert.Single(all, r => r.Type == InspectedTypes.SecurityGroup);
        Assert.Single(all, r => r.Type == InspectedTypes.LoadBalancer);
        Assert.Single(all, r => r.Type == InspectedTypes.Listener);
    }

    [Fact]
    public async Task Undo_RemovesEverything_TwiceAndWithNothingThereIsDone()
    {
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        await Step(Deps).RunAsync(await InputAsync(), Ct);

        await UndoUntilDoneAsync(() => Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));

        Assert.Empty(await MadeByAsync(StepNames.CreateAlb));
        Assert.DoesNotContain(await InspectAsync(), r => r.Type == InspectedTypes.Listener);
    }

    [Fact]
    public async Task Undo_AfterARunThatCrashedBeforeReturning_RemovesWhatItMade()
    {
        var input = await InputAsync();
        LoseResponse("elasticloadbalancing", "CreateListener");
        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(input, Ct));
        Assert.NotEmpty(await MadeByAsync(StepNames.CreateAlb));

        await UndoUntilDoneAsync(() => Step(Deps).UndoAsync(Spec.UndoInput(), Ct));

        Assert.Empty(await MadeByAsync(StepNames.CreateAlb));
        Assert.DoesNotContain(await InspectAsync(), r => r.Type == InspectedTypes.Listener);
    }
}
