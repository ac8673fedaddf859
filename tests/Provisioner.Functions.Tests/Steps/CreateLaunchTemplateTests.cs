using Provisioner.Aws.Ec2;
using Provisioner.Core.Launch;
using Provisioner.Core.Naming;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Steps;

public sealed class CreateLaunchTemplateTests
{
    private const string AlbGroup = "sg-0alb0000000000001";
    private readonly FakeCloud _cloud = new();
    private readonly CreateLaunchTemplate _step;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public CreateLaunchTemplateTests() => _step = new CreateLaunchTemplate(_cloud.Ec2, TestSpecs.Settings);

    private Task<CreateLaunchTemplateOutput> RunAsync() => _step.RunAsync(new(TestSpecs.Spec(), "ami-0123456789abcdef0", AlbGroup), _ct);

    [Fact]
    public async Task Run_InstanceGroupAdmitsTheAppPortOnlyFromTheLoadBalancersGroup()
    {
        var output = await RunAsync();

        var group = _cloud.Ec2.SecurityGroups[output.InstanceSecurityGroupId];
        Assert.Equal("prov-shop-dev-app-sg", group.GroupName);
        var rule = Assert.Single(group.IngressRules);
        Assert.Equal(("tcp", 5000, 5000, AlbGroup, (string?)null), (rule.IpProtocol, rule.FromPort, rule.ToPort, rule.SourceSecurityGroupId, rule.CidrIp));
        Assert.Equal(StepNames.CreateLaunchTemplate, group.Tags[ResourceTags.StepKey]);
    }

    [Fact]
    public async Task Run_TemplateHasAmiTypeProfileComposedUserDataTokenAndTags()
    {
        var output = await RunAsync();

        var request = _cloud.Ec2.LaunchTemplateRequests[output.LaunchTemplateId];
        Assert.Equal(("prov-shop-dev-lt", "ami-0123456789abcdef0", "t3.micro", "prov-app-instance"), (request.LaunchTemplateName, request.ImageId, request.InstanceType, request.IamInstanceProfileName));
        Assert.Equal([output.InstanceSecurityGroupId], request.SecurityGroupIds);
        Assert.StartsWith(ResourceNames.For("shop-dev").ClientToken(StepNames.CreateLaunchTemplate) + "-", request.ClientToken, StringComparison.Ordinal);
        Assert.InRange(request.ClientToken!.Length, 1, 64);
        var spec = TestSpecs.Spec();
        Assert.Equal(UserDataComposer.Compose("shop-dev", spec.App, spec.Launch.UserData), request.UserData);
        Assert.Contains("/provisioner/shop-dev/app", request.UserData, StringComparison.Ordinal);
        Assert.Equal(1, output.LaunchTemplateVersion);
        Assert.Equal("shop-dev", request.Tags![ResourceTags.EnvironmentKey]);
        Assert.Equal(("shop-dev", "true", "shop"), (request.InstanceTags![ResourceTags.EnvironmentKey], request.InstanceTags[ResourceTags.ManagedKey], request.InstanceTags["team"]));
    }

    [Fact]
    public void Request_ClientToken_IsStableForARetryButNewForAnotherAmi()
    {
        var owner = new ResourceOwner("shop-dev");
        var first = _step.Request(owner, TestSpecs.Spec(), "ami-1", "sg-1").ClientToken;

        Assert.Equal(first, _step.Request(owner, TestSpecs.Spec(), "ami-1", "sg-1").ClientToken);
        // The environment torn down and provisioned again: reusing the token would be IdempotentParameterMismatch.
        Assert.NotEqual(first, _step.Request(owner, TestSpecs.Spec(), "ami-2", "sg-1").ClientToken);
        Assert.NotEqual(first, _step.Request(owner, TestSpecs.Spec(), "ami-1", "sg-2").ClientToken);
    }

    [Fact]
    public async Task Run_Twice_ReturnsTheSameTemplateAndGroup()
    {
        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Equal((1, 1), (_cloud.Aws.Count("CreateLaunchTemplate"), _cloud.Aws.Count("CreateSecurityGroup")));
    }

    [Theory]
    [InlineData("CreateSecurityGroup")]
    [InlineData("AuthorizeSecurityGroupIngress")]
    [InlineData("CreateLaunchTemplate")]
    public async Task Run_RetriedAfterLostResponse_LeavesExactlyOneOfEach(string action)
    {
        _cloud.Aws.LoseResponse(action);

        await Assert.ThrowsAsync<HttpRequestException>(RunAsync);
        var output = await RunAsync();

        Assert.Equal(output.LaunchTemplateId, Assert.Single(_cloud.Ec2.LaunchTemplates).Key);
        Assert.Single(Assert.Single(_cloud.Ec2.SecurityGroups).Value.IngressRules);
    }

    [Fact]
    public async Task Run_ForeignTemplateWithOurName_IsRejected()
    {
        await _cloud.Ec2.CreateLaunchTemplateAsync(new() { LaunchTemplateName = "prov-shop-dev-lt", ImageId = "ami-1", InstanceType = "t3.micro" }, _ct);

        var error = await Assert.ThrowsAsync<StepFailedException>(RunAsync);

        Assert.Equal(StepErrors.Rejected, error.ErrorName);
    }

    [Fact]
    public async Task Undo_RemovesTemplateAndGroup_AndIsDoneTwiceAndWithNothingThere()
    {
        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        await RunAsync();

        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        Assert.Empty(_cloud.Ec2.LaunchTemplates);
        Assert.Empty(_cloud.Ec2.SecurityGroups);
    }

    [Fact]
    public async Task Undo_WhileInstancesStillUseTheGroup_IsWaiting()
    {
        var output = await RunAsync();
        _cloud.Ec2.GroupsInUse.Add(output.InstanceSecurityGroupId);

        var result = await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct);

        Assert.Equal(UndoStatus.Waiting, result.Status);
        Assert.Empty(_cloud.Ec2.LaunchTemplates);
        Assert.Contains("prov-shop-dev-app-sg", Assert.Single(result.Remaining), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAlbUndo_WaitsWhileTheInstanceGroupStillReferencesTheAlbGroup()
    {
        // Rollback order can put CreateAlb.Undo first; the reference from the instance group keeps its group.
        var spec = TestSpecs.Spec();
        var group = await new CreateTargetGroup(_cloud.Elb).RunAsync(spec.Input(), _ct);
        var alb = await new CreateAlb(_cloud.Ec2, _cloud.Elb).RunAsync(new(spec, group.TargetGroupArn), _ct);
        await _step.RunAsync(new(spec, "ami-1", alb.AlbSecurityGroupId), _ct);

        var albUndo = new CreateAlb(_cloud.Ec2, _cloud.Elb);
        Assert.Equal(UndoStatus.Waiting, (await albUndo.UndoAsync(spec.UndoInput(), _ct)).Status);
        await _step.UndoAsync(spec.UndoInput(), _ct);
        Assert.Equal(UndoResult.Done, await albUndo.UndoAsync(spec.UndoInput(), _ct));
        Assert.Empty(_cloud.Ec2.SecurityGroups);
    }

    [Fact]
    public void IngressRules_NeverOpenTheAppPortToACidr() =>
        Assert.All(CreateLaunchTemplate.IngressRules(TestSpecs.Spec(), AlbGroup), r => Assert.Equal((null, AlbGroup), (r.CidrIp, r.SourceSecurityGroupId)));
}
