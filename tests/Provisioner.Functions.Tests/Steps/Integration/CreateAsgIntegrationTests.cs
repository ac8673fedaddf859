using Provisioner.Aws.Ec2;
using Provisioner.Core.Naming;
using Provisioner.Functions.Steps;
using Provisioner.LocalCloud.Inspection;

namespace Provisioner.Functions.Tests.Steps.Integration;

public sealed class CreateAsgIntegrationTests(LocalCloudFixture fixture) : StepIntegrationTest(fixture), IClassFixture<LocalCloudFixture>
{
    private CreateAsg Step(StepDependencies deps) => new(deps.AutoScaling, deps.ElbV2, Fixture.Time);

    private async Task<CreateAsgInput> InputAsync()
    {
        var group = await new CreateTargetGroup(Deps.ElbV2).RunAsync(Spec.Input(), Ct);
        var albGroup = await Deps.Ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "alb-under-test", Description = "test", VpcId = Spec.Network.VpcId }, Ct);
        var template = await new CreateLaunchTemplate(Deps.Ec2, Deps.Settings).RunAsync(new(Spec, Cloud.Seed!.ImageId, albGroup), Ct);
        var topic = await Deps.Sns.CreateTopicAsync("asg-notifications-under-test", cancellationToken: Ct);
        return new(Spec, template.LaunchTemplateId, template.LaunchTemplateVersion, group.TargetGroupArn, topic);
    }

    [Fact]
    public async Task Run_CreatesTheTaggedGroup_WhoseInstancesCarryTheEnvironmentTags()
    {
        var input = await InputAsync();

        var output = await Step(Deps).RunAsync(input, Ct);

        var made = await MadeByAsync(StepNames.CreateAsg);
        var group = Assert.Single(made, r => r.Type == InspectedTypes.AutoScalingGroup);
        Assert.Equal(output.AutoScalingGroupName, group.Name);
        AssertTagged([group], StepNames.CreateAsg);
        // The instances carry the environment's tags (propagated by the group and set by the launch template;
        // which of the two wins the step tag differs between AWS and moto, so only the environment is checked).
        var instances = (await InspectAsync()).Where(r => r.Type == InspectedTypes.Instance).ToList();
        Assert.Equal(Spec.Scaling.Desired, instances.Count);
        Assert.All(instances, i =>
        {
            Assert.Equal((TestSpecs.EnvironmentId, "true", "shop"), (i.Tags[ResourceTags.EnvironmentKey], i.Tags[ResourceTags.ManagedKey], i.Tags["team"]));
            Assert.Equal(output.AutoScalingGroupName, i.Tags["aws:autoscaling:groupName"]);
        });
        Assert.Contains("policyName/" + Names.ScalingPolicy, output.ScalingPolicyArn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_IsWaitingUntilTheTargetsAreHealthy_ThenReady()
    {
        var input = await InputAsync();
        await Step(Deps).RunAsync(input, Ct);

        Assert.Equal(CheckStatus.Waiting, (await Step(Deps).CheckAsync(new(Spec, input.TargetGroupArn), Ct)).Status);
        var calls = await CheckUntilReadyAsync(() => Step(Deps).CheckAsync(new(Spec, input.TargetGroupArn), Ct));
        Assert.InRange(calls, 1, 20);
    }

    [Fact]
    public async Task Run_Twice_GivesTheSameGroup()
    {
        var input = await InputAsync();
        var first = await Step(Deps).RunAsync(input, Ct);
        var second = await Step(Deps).RunAsync(input, Ct);

        Assert.Equal(first, second);
        Assert.Single(await InspectAsync(), r => r.Type == InspectedTypes.AutoScalingGroup);
    }

    [Fact]
    public async Task Run_CreateLosesItsResponse_RetriedRunLeavesExactlyOneGroup()
    {
        var input = await InputAsync();
        LoseResponse("autoscaling", "CreateAutoScalingGroup");

        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(input, Ct));
        await Step(SingleAttempt).RunAsync(input, Ct);

        var all = await InspectAsync();
        Assert.Single(all, r => r.Type == InspectedTypes.AutoScalingGroup);
        Assert.Equal(Spec.Scaling.Desired, all.Count(r => r.Type == InspectedTypes.Instance));
    }

    [Fact]
    public async Task Undo_RemovesTheGroupAndItsInstances_TwiceAndWithNothingThereIsDone()
    {
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        await Step(Deps).RunAsync(await InputAsync(), Ct);

        await UndoUntilDoneAsync(() => Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));

        Assert.Empty(await MadeByAsync(StepNames.CreateAsg));
        Assert.DoesNotContain(await InspectAsync(), r => r.Type == InspectedTypes.Instance);
    }

    [Fact]
    public async Task Undo_AfterARunThatCrashedBeforeReturning_RemovesWhatItMade()
    {
        var input = await InputAsync();
        LoseResponse("autoscaling", "PutNotificationConfiguration");
        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(input, Ct));
        Assert.NotEmpty(await MadeByAsync(StepNames.CreateAsg));

        await UndoUntilDoneAsync(() => Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Empty(await MadeByAsync(StepNames.CreateAsg));
        Assert.DoesNotContain(await InspectAsync(), r => r.Type == InspectedTypes.Instance);
    }
}
