using Provisioner.Aws.AutoScaling;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Core.Naming;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Steps;

public sealed class CreateAsgTests
{
    private const string TargetGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prov-shop-dev-tg/0123456789abcdef";
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:prov-shop-dev-alerts";
    private readonly FakeCloud _cloud = new();
    private readonly CreateAsg _step;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public CreateAsgTests() => _step = new CreateAsg(_cloud.AutoScaling, _cloud.Elb, _cloud.Time);

    private Task<CreateAsgOutput> RunAsync() => _step.RunAsync(new(TestSpecs.Spec(), "lt-0123456789abcdef0", 1, TargetGroup, Topic), _ct);

    [Fact]
    public async Task Run_CreatesTheGroupWithElbHealthChecksAndPropagatedTags()
    {
        var output = await RunAsync();

        Assert.Equal("prov-shop-dev-asg", output.AutoScalingGroupName);
        var request = _cloud.AutoScaling.Requests[output.AutoScalingGroupName];
        Assert.Equal(new LaunchTemplateSpecification("lt-0123456789abcdef0", null, "1"), request.LaunchTemplate);
        Assert.Equal((0, 3, 1), (request.MinSize, request.MaxSize, request.DesiredCapacity));
        Assert.Equal(["subnet-a", "subnet-b"], request.SubnetIds);
        Assert.Equal([TargetGroup], request.TargetGroupArns);
        Assert.Equal(("ELB", 300), (request.HealthCheckType, request.HealthCheckGracePeriod));
        Assert.All(request.Tags!, t => Assert.True(t.PropagateAtLaunch));
        Assert.Contains(new AutoScalingTag(ResourceTags.EnvironmentKey, "shop-dev", true), request.Tags!);
        Assert.Contains(new AutoScalingTag(ResourceTags.StepKey, StepNames.CreateAsg, true), request.Tags!);
        Assert.Contains(new AutoScalingTag("team", "shop", true), request.Tags!);
    }

    [Fact]
    public async Task Run_AddsCpuTargetTrackingWithWarmupAndNotifications()
    {
        var output = await RunAsync();

        var policy = _cloud.AutoScaling.Policies["prov-shop-dev-asg"];
        Assert.Equal(("prov-shop-dev-cpu-target", "TargetTrackingScaling", "ASGAverageCPUUtilization", 50.0, 300),
            (policy.PolicyName, policy.PolicyType, policy.TargetTrackingConfiguration.PredefinedMetricType, policy.TargetTrackingConfiguration.TargetValue, policy.EstimatedInstanceWarmup));
        Assert.Contains("policyName/prov-shop-dev-cpu-target", output.ScalingPolicyArn, StringComparison.Ordinal);
        var (topic, types) = _cloud.AutoScaling.Notifications["prov-shop-dev-asg"];
        Assert.Equal(Topic, topic);
        Assert.Contains(AutoScalingNotificationTypes.InstanceLaunch, types);
        Assert.Contains(AutoScalingNotificationTypes.InstanceTerminate, types);
    }

    [Fact]
    public async Task Run_TwiceAndAfterALostResponse_LeavesOneGroup()
    {
        _cloud.Aws.LoseResponse("CreateAutoScalingGroup");

        await Assert.ThrowsAsync<HttpRequestException>(RunAsync);
        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        Assert.Single(_cloud.AutoScaling.Groups);
        Assert.Equal(1, _cloud.Aws.Count("CreateAutoScalingGroup"));
    }

    [Fact]
    public async Task Run_AlreadyExistsRace_ContinuesWithTheExistingGroup()
    {
        _cloud.Aws.Before("CreateAutoScalingGroup", () => _cloud.AutoScaling.Groups["prov-shop-dev-asg"] = Group(ResourceTags.For("shop-dev", StepNames.CreateAsg)));

        var output = await RunAsync();

        Assert.Equal("prov-shop-dev-asg", output.AutoScalingGroupName);
        Assert.True(_cloud.AutoScaling.Policies.ContainsKey("prov-shop-dev-asg"));
    }

    [Fact]
    public async Task Run_WhileAnEarlierRollbackStillDeletesTheGroup_IsTransient()
    {
        _cloud.AutoScaling.Groups["prov-shop-dev-asg"] = Group(ResourceTags.For("shop-dev", StepNames.CreateAsg)) with { Status = "Delete in progress" };

        var error = await Assert.ThrowsAsync<StepFailedException>(RunAsync);

        Assert.Equal(StepErrors.Transient, error.ErrorName);
    }

    [Fact]
    public async Task Check_DesiredZero_IsReadyAtOnce()
    {
        var spec = TestSpecs.Spec() with { Scaling = new() { Desired = 0 } };

        Assert.Equal(CheckResult.Ready, await _step.CheckAsync(new(spec, TargetGroup), _ct));
        Assert.Empty(_cloud.Aws.Calls);
    }

    [Fact]
    public async Task Check_ReadyWhenHealthyTargetsReachDesired()
    {
        var spec = TestSpecs.Spec() with { Scaling = new() { Desired = 2 } };
        _cloud.Elb.Health[TargetGroup] = [new("i-1", 5000, "healthy", null, null), new("i-2", 5000, "initial", null, null)];

        var waiting = await _step.CheckAsync(new(spec, TargetGroup), _ct);
        Assert.Equal(CheckStatus.Waiting, waiting.Status);

        _cloud.Elb.Health[TargetGroup][1] = new("i-2", 5000, "healthy", null, null);
        Assert.Equal(CheckResult.Ready, await _step.CheckAsync(new(spec, TargetGroup), _ct));
    }

    [Fact]
    public async Task Check_NoInstancesYet_WaitsTheSlowestLaunch()
    {
        Assert.Equal(new CheckResult(CheckStatus.Waiting, (int)CreateAsg.SlowestLaunch.TotalSeconds), await _step.CheckAsync(new(TestSpecs.Spec(), TargetGroup), _ct));
    }

    [Fact]
    public async Task Check_RepeatedLaunchFailures_AreResourceFailed()
    {
        for (var i = 0; i < CreateAsg.FailedLaunchesToGiveUp; i++)
        {
            _cloud.AutoScaling.Activities.Add(new ScalingActivity($"a{i}", "prov-shop-dev-asg", "Launching a new EC2 instance", null, "Failed", "InvalidAMIID.Unavailable", 100, null, null));
        }

        var error = await Assert.ThrowsAsync<StepFailedException>(() => _step.CheckAsync(new(TestSpecs.Spec(), TargetGroup), _ct));

        Assert.Equal(StepErrors.ResourceFailed, error.ErrorName);
        Assert.Contains("InvalidAMIID.Unavailable", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_FailedLoadBalancer_IsResourceFailedAtOnce()
    {
        var arn = LoadBalancer("failed", "not enough free addresses in subnet-1");

        var error = await Assert.ThrowsAsync<StepFailedException>(() => _step.CheckAsync(new(TestSpecs.Spec(), TargetGroup, arn), _ct));

        Assert.Equal(StepErrors.ResourceFailed, error.ErrorName);
        Assert.Contains("not enough free addresses", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_LoadBalancerStillProvisioning_KeepsTheTargetsEstimate()
    {
        var arn = LoadBalancer("provisioning");
        _cloud.Time.Advance(TimeSpan.FromMinutes(4)); // overdue: a poller of the load balancer alone would back off

        Assert.Equal(new CheckResult(CheckStatus.Waiting, (int)CreateAsg.SlowestLaunch.TotalSeconds), await _step.CheckAsync(new(TestSpecs.Spec(), TargetGroup, arn), _ct));
        Assert.Equal(1, _cloud.Aws.Count("DescribeLoadBalancers"));
    }

    [Fact]
    public async Task Check_DesiredZero_WaitsForTheLoadBalancerOnly()
    {
        var spec = TestSpecs.Spec() with { Scaling = new() { Desired = 0 } };
        var arn = LoadBalancer("provisioning");

        Assert.Equal(CheckStatus.Waiting, (await _step.CheckAsync(new(spec, TargetGroup, arn), _ct)).Status);
        _cloud.Elb.LoadBalancers[arn] = _cloud.Elb.LoadBalancers[arn] with { StateCode = "active" };
        Assert.Equal(CheckResult.Ready, await _step.CheckAsync(new(spec, TargetGroup, arn), _ct));
    }

    [Fact]
    public async Task Check_HealthyTargets_AreReadyWithoutLookingAtTheLoadBalancer()
    {
        _cloud.Elb.Health[TargetGroup] = [new("i-1", 5000, "healthy", null, null)];

        Assert.Equal(CheckResult.Ready, await _step.CheckAsync(new(TestSpecs.Spec(), TargetGroup, LoadBalancer("failed")), _ct));
        Assert.Equal(0, _cloud.Aws.Count("DescribeLoadBalancers"));
    }

    private string LoadBalancer(string state, string? reason = null)
    {
        const string Arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/prov-shop-dev-alb/0123456789abcdef";
        _cloud.Elb.LoadBalancers[Arn] = new(Arn, "prov-shop-dev-alb", "prov-shop-dev-alb-1.us-east-1.elb.amazonaws.com", null, "internet-facing", "application",
            "vpc-1", state, reason, _cloud.Time.GetUtcNow(), [], ["subnet-1", "subnet-2"]);
        return Arn;
    }

    [Fact]
    public async Task Check_OneFailedLaunch_KeepsWaiting()
    {
        _cloud.AutoScaling.Activities.Add(new ScalingActivity("a", "prov-shop-dev-asg", null, null, "Failed", "capacity", 100, null, null));

        Assert.Equal(CheckStatus.Waiting, (await _step.CheckAsync(new(TestSpecs.Spec(), TargetGroup), _ct)).Status);
    }

    [Fact]
    public async Task Undo_ForceDeletesAndWaitsUntilTheGroupIsGone()
    {
        await RunAsync();
        _cloud.AutoScaling.SlowDelete = true;

        var first = await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct);
        Assert.Equal(UndoStatus.Waiting, first.Status);
        Assert.Contains("autoscaling.DeleteAutoScalingGroup prov-shop-dev-asg force=True", _cloud.Aws.Calls);

        var second = await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct);
        Assert.Equal(UndoStatus.Waiting, second.Status);
        Assert.Equal(1, _cloud.Aws.Count("DeleteAutoScalingGroup"));

        _cloud.AutoScaling.FinishDeletes();
        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
    }

    [Fact]
    public async Task Undo_ImmediateDelete_IsDoneInOneCall_AndTwiceAndWithNothingThere()
    {
        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        await RunAsync();

        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        Assert.Empty(_cloud.AutoScaling.Groups);
    }

    [Fact]
    public async Task Undo_LeavesAForeignGroupWithOurName()
    {
        _cloud.AutoScaling.Groups["prov-shop-dev-asg"] = Group(new Dictionary<string, string> { ["owner"] = "other" });

        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        Assert.Single(_cloud.AutoScaling.Groups);
    }

    private static AutoScalingGroup Group(IReadOnlyDictionary<string, string> tags) =>
        new("prov-shop-dev-asg", null, 0, 3, 1, null, null, null, [TargetGroup], "ELB", [], tags.Select(t => new AutoScalingTag(t.Key, t.Value, true)).ToList());
}
