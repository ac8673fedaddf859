using Provisioner.Core.Naming;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Steps;

public sealed class CreateTargetGroupTests
{
    private readonly FakeCloud _cloud = new();
    private readonly CreateTargetGroup _step;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public CreateTargetGroupTests() => _step = new CreateTargetGroup(_cloud.Elb);

    [Fact]
    public async Task Run_CreatesTheGroupWithTheSpecsHealthCheckTagsAndShortDrain()
    {
        var output = await _step.RunAsync(TestSpecs.Spec().Input(), _ct);

        var request = _cloud.Elb.TargetGroupRequests[output.TargetGroupArn];
        Assert.Equal(("prov-shop-dev-tg", 5000, "vpc-1", "/status", 30, 5, 5, 2), (request.Name, request.Port, request.VpcId, request.HealthCheckPath,
            request.HealthCheckIntervalSeconds, request.HealthCheckTimeoutSeconds, request.HealthyThresholdCount, request.UnhealthyThresholdCount));
        Assert.Equal("shop-dev", _cloud.Elb.Tags[output.TargetGroupArn][ResourceTags.EnvironmentKey]);
        Assert.Equal(StepNames.CreateTargetGroup, _cloud.Elb.Tags[output.TargetGroupArn][ResourceTags.StepKey]);
        Assert.Equal("30", _cloud.Elb.Attributes[output.TargetGroupArn]["deregistration_delay.timeout_seconds"]);
    }

    [Fact]
    public async Task Run_Twice_ReturnsTheSameGroup()
    {
        var first = await _step.RunAsync(TestSpecs.Spec().Input(), _ct);
        var second = await _step.RunAsync(TestSpecs.Spec().Input(), _ct);

        Assert.Equal(first, second);
        Assert.Equal(1, _cloud.Aws.Count("CreateTargetGroup"));
    }

    [Fact]
    public async Task Run_RetriedAfterLostResponse_LeavesExactlyOneGroup()
    {
        _cloud.Aws.LoseResponse("CreateTargetGroup");

        await Assert.ThrowsAsync<HttpRequestException>(() => _step.RunAsync(TestSpecs.Spec().Input(), _ct));
        var output = await _step.RunAsync(TestSpecs.Spec().Input(), _ct);

        Assert.Equal(output.TargetGroupArn, Assert.Single(_cloud.Elb.TargetGroups).Key);
    }

    [Fact]
    public async Task Run_DuplicateNameRace_AdoptsTheGroup()
    {
        _cloud.Aws.Before("CreateTargetGroup", () => _cloud.Elb.CreateTargetGroupAsync(new() { Name = "prov-shop-dev-tg", Port = 5000, VpcId = "vpc-1", Tags = ResourceTags.For("shop-dev", StepNames.CreateTargetGroup) }).GetAwaiter().GetResult());

        var output = await _step.RunAsync(TestSpecs.Spec().Input(), _ct);

        Assert.Equal(output.TargetGroupArn, Assert.Single(_cloud.Elb.TargetGroups).Key);
    }

    [Fact]
    public async Task Run_ExistingGroupWithAnotherPort_IsRejected()
    {
        await _step.RunAsync(TestSpecs.Spec().Input(), _ct);
        var changed = TestSpecs.Spec() with { App = new() { Port = 8080 } };

        var error = await Assert.ThrowsAsync<StepFailedException>(() => _step.RunAsync(changed.Input(), _ct));

        Assert.Equal(StepErrors.Rejected, error.ErrorName);
        Assert.Contains("8080", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ForeignGroupWithOurName_IsRejected()
    {
        await _cloud.Elb.CreateTargetGroupAsync(new() { Name = "prov-shop-dev-tg", Port = 5000, VpcId = "vpc-1" }, _ct);

        var error = await Assert.ThrowsAsync<StepFailedException>(() => _step.RunAsync(TestSpecs.Spec().Input(), _ct));

        Assert.Equal(StepErrors.Rejected, error.ErrorName);
    }

    [Fact]
    public async Task Undo_RemovesTheGroup_AndIsDoneTwiceAndWhenNothingIsThere()
    {
        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        await _step.RunAsync(TestSpecs.Spec().Input(), _ct);

        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        Assert.Empty(_cloud.Elb.TargetGroups);
    }

    [Fact]
    public async Task Undo_WhileAListenerStillUsesTheGroup_IsWaiting()
    {
        var group = await _step.RunAsync(TestSpecs.Spec().Input(), _ct);
        var loadBalancer = await _cloud.Elb.CreateLoadBalancerAsync(new() { Name = "x", Subnets = ["subnet-a"] }, _ct);
        await _cloud.Elb.CreateListenerAsync(new() { LoadBalancerArn = loadBalancer.LoadBalancerArn, Protocol = "HTTP", Port = 80, DefaultActions = [Provisioner.Aws.ElasticLoadBalancing.ListenerAction.Forward(group.TargetGroupArn)] }, _ct);

        var result = await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct);

        Assert.Equal(UndoStatus.Waiting, result.Status);
        Assert.Contains("prov-shop-dev-tg", Assert.Single(result.Remaining), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undo_LeavesAForeignGroupWithOurName()
    {
        await _cloud.Elb.CreateTargetGroupAsync(new() { Name = "prov-shop-dev-tg", Port = 5000, VpcId = "vpc-1" }, _ct);

        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        Assert.Single(_cloud.Elb.TargetGroups);
    }
}
