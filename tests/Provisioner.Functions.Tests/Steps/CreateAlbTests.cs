using Provisioner.Aws.Ec2;
using Provisioner.Core.Naming;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps;
using Provisioner.Functions.Steps.Resources;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Steps;

public sealed class CreateAlbTests
{
    private readonly FakeCloud _cloud = new();
    private readonly CreateAlb _step;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public CreateAlbTests() => _step = new CreateAlb(_cloud.Ec2, _cloud.Elb);

    private async Task<CreateAlbOutput> RunAsync(Provisioner.Core.Spec.EnvironmentSpec? spec = null)
    {
        spec ??= TestSpecs.Spec();
        var group = await new CreateTargetGroup(_cloud.Elb).RunAsync(spec.Input(), _ct);
        return await _step.RunAsync(new(spec, group.TargetGroupArn), _ct);
    }

    [Fact]
    public async Task Run_CreatesGroupLoadBalancerAndHttpListener_AllTagged()
    {
        var output = await RunAsync();

        var group = _cloud.Ec2.SecurityGroups[output.AlbSecurityGroupId];
        Assert.Equal("prov-shop-dev-alb-sg", group.GroupName);
        Assert.Equal(StepNames.CreateAlb, group.Tags[ResourceTags.StepKey]);
        Assert.Equal(
            [new IngressRule("tcp", 80, 80, "0.0.0.0/0", null, "HTTP"), new IngressRule("tcp", 443, 443, "0.0.0.0/0", null, "HTTPS")],
            group.IngressRules);

        var loadBalancer = _cloud.Elb.LoadBalancers[output.LoadBalancerArn];
        Assert.Equal(("prov-shop-dev-alb", "internet-facing", "provisioning"), (loadBalancer.LoadBalancerName, loadBalancer.Scheme, loadBalancer.StateCode));
        Assert.Equal(["subnet-a", "subnet-b"], loadBalancer.SubnetIds);
        Assert.Equal([output.AlbSecurityGroupId], loadBalancer.SecurityGroups);
        Assert.Equal(loadBalancer.DnsName, output.DnsName);
        Assert.Equal("shop-dev", _cloud.Elb.Tags[output.LoadBalancerArn][ResourceTags.EnvironmentKey]);

        var listener = _cloud.Elb.Listeners[output.HttpListenerArn];
        Assert.Equal((80, "HTTP", "forward"), (listener.Port, listener.Protocol, listener.DefaultActions.Single().Type));
        Assert.Equal("true", _cloud.Elb.Tags[output.HttpListenerArn][ResourceTags.ManagedKey]);
    }

    [Fact]
    public async Task Run_WithoutHttps_OpensOnlyPort80()
    {
        var output = await RunAsync(TestSpecs.Spec().WithHttps(null));

        Assert.Equal([80], _cloud.Ec2.SecurityGroups[output.AlbSecurityGroupId].IngressRules.Select(r => r.FromPort));
    }

    [Fact]
    public async Task Run_Twice_ReturnsTheSameResources()
    {
        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Equal((1, 1, 1, 2), (_cloud.Aws.Count("CreateSecurityGroup"), _cloud.Aws.Count("CreateLoadBalancer"), _cloud.Aws.Count("CreateListener"), _cloud.Aws.Count("AuthorizeSecurityGroupIngress")));
    }

    [Theory]
    [InlineData("CreateSecurityGroup")]
    [InlineData("AuthorizeSecurityGroupIngress")]
    [InlineData("CreateLoadBalancer")]
    [InlineData("CreateListener")]
    public async Task Run_RetriedAfterLostResponse_LeavesExactlyOneOfEach(string action)
    {
        var spec = TestSpecs.Spec();
        var group = await new CreateTargetGroup(_cloud.Elb).RunAsync(spec.Input(), _ct);
        _cloud.Aws.LoseResponse(action);

        await Assert.ThrowsAsync<HttpRequestException>(() => _step.RunAsync(new(spec, group.TargetGroupArn), _ct));
        var output = await _step.RunAsync(new(spec, group.TargetGroupArn), _ct);

        Assert.Single(_cloud.Ec2.SecurityGroups);
        Assert.Equal(2, _cloud.Ec2.SecurityGroups[output.AlbSecurityGroupId].IngressRules.Count);
        Assert.Single(_cloud.Elb.LoadBalancers);
        Assert.Single(_cloud.Elb.Listeners);
    }

    [Fact]
    public async Task Readiness_FollowsTheLoadBalancerState()
    {
        var output = await RunAsync();
        var arn = output.LoadBalancerArn;
        _cloud.Time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(new CheckResult(CheckStatus.Waiting, 120), await LoadBalancers.ReadinessAsync(_cloud.Elb, arn, _cloud.Time.GetUtcNow(), _ct));

        _cloud.Elb.LoadBalancers[arn] = _cloud.Elb.LoadBalancers[arn] with { StateCode = "active" };
        Assert.Equal(CheckResult.Ready, await LoadBalancers.ReadinessAsync(_cloud.Elb, arn, _cloud.Time.GetUtcNow(), _ct));

        _cloud.Elb.LoadBalancers[arn] = _cloud.Elb.LoadBalancers[arn] with { StateCode = "failed", StateReason = "subnet out of addresses" };
        var error = await Assert.ThrowsAsync<StepFailedException>(() => LoadBalancers.ReadinessAsync(_cloud.Elb, arn, _cloud.Time.GetUtcNow(), _ct));
        Assert.Equal(StepErrors.ResourceFailed, error.ErrorName);
        Assert.Contains("subnet out of addresses", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readiness_GoneLoadBalancer_IsResourceFailed()
    {
        var error = await Assert.ThrowsAsync<StepFailedException>(() =>
            LoadBalancers.ReadinessAsync(_cloud.Elb, "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/prov-shop-dev-alb/0", _cloud.Time.GetUtcNow(), _ct));

        Assert.Equal(StepErrors.ResourceFailed, error.ErrorName);
    }

    [Fact]
    public async Task Undo_RemovesListenersLoadBalancerAndGroup_AndIsDoneTwice()
    {
        await RunAsync();

        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));

        Assert.Empty(_cloud.Elb.LoadBalancers);
        Assert.Empty(_cloud.Elb.Listeners);
        Assert.Empty(_cloud.Ec2.SecurityGroups);
    }

    [Fact]
    public async Task Undo_WhileTheGroupIsStillInUse_IsWaitingAndFinishesLater()
    {
        var output = await RunAsync();
        _cloud.Ec2.GroupsInUse.Add(output.AlbSecurityGroupId); // the deleted ALB's interfaces are not released yet

        var waiting = await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct);
        Assert.Equal(UndoStatus.Waiting, waiting.Status);
        Assert.InRange(waiting.WaitSeconds, WaitEstimate.MinSeconds, WaitEstimate.MaxSeconds);
        Assert.Contains("prov-shop-dev-alb-sg", Assert.Single(waiting.Remaining), StringComparison.Ordinal);
        Assert.Empty(_cloud.Elb.LoadBalancers);

        _cloud.Ec2.GroupsInUse.Clear();
        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        Assert.Empty(_cloud.Ec2.SecurityGroups);
    }

    [Fact]
    public async Task Undo_WithNothingThere_IsDone() =>
        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
}
