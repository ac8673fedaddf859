using System.Text.Json.Nodes;
using Provisioner.Cli.Demo;
using Provisioner.Cli.Local;
using Provisioner.Core.Naming;
using Provisioner.Core.Steps;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Steps;
using Provisioner.LocalCloud.Inspection;
using Provisioner.LocalCloud.Faults;
using Provisioner.StateMachine;
using Provisioner.StateMachine.Timing;

namespace Provisioner.Cli.Tests.Local;

/// <summary>
/// The dangers the safety review found, each end to end: the deployed state machines on the local engine, the real
/// step code, LocalCloud (moto + realism), on virtual time. Executions are started by hand (as an operator or an
/// attacker could, past the API's checks), named as the service names them: <c>&lt;id&gt;-g&lt;generation&gt;-&lt;kind&gt;-&lt;attempt&gt;</c>.
/// </summary>
public sealed class SafetyEndToEndTests
{
    private const string Id = "shop-dev";

    [Fact]
    public async Task SecondSubmissionForALiveEnvironment_WithAChangedPort_EndsEnvironmentExists_AndTheLiveOneIsUntouched()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var local = await StartAsync(ct);
        var spec = DemoRunner.DemoSpec(local.Cloud.Seed!);
        var live = await local.Workflows.RunAsync(local.Workflows.ProvisionArn, spec, ct, name: $"{Id}-g1-provision-1");
        Assert.Equal("SUCCEEDED", live.Result.Status);
        var before = await ResourcesAsync(local, ct);

        // CreateTargetGroup refuses a changed port on purpose; before the safety work, that failure's rollback tore
        // the live environment down.
        var changed = spec.DeepClone();
        changed["app"]!["port"] = 8080;
        var second = await local.Workflows.RunAsync(local.Workflows.ProvisionArn, changed, ct, name: $"{Id}-g2-provision-1");

        Assert.Equal("FAILED", second.Result.Status);
        Assert.Equal(StepErrors.EnvironmentExists, second.Result.Error);
        Assert.Contains("generation 1", second.Result.Cause, StringComparison.Ordinal);
        // The rollback that follows acts for generation 2 only (a Build branch may have made something before it met
        // generation 1's resource), so it removes nothing of the live environment.
        var rollback = second.Events.Single(e => e.Type == "TaskScheduled" && (string?)e.Details?["resource"] == "startExecution.sync:2");
        var parameters = JsonNode.Parse((string)rollback.Details!["parameters"]!)!;
        Assert.Equal(local.Workflows.TeardownArn, (string?)parameters["StateMachineArn"]);
        Assert.Equal(2, (int)parameters["Input"]!["spec"]!["generation"]!);
        var after = await ResourcesAsync(local, ct);
        Assert.True(before.SequenceEqual(after), "lost: " + string.Join(", ", before.Except(after)) + "; gained: " + string.Join(", ", after.Except(before)));
    }

    [Fact]
    public async Task TeardownFromTheIdAlone_LeavesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var local = await StartAsync(ct);
        var spec = DemoRunner.DemoSpec(local.Cloud.Seed!);
        var provision = await local.Workflows.RunAsync(local.Workflows.ProvisionArn, spec, ct, name: $"{Id}-g1-provision-1");
        Assert.Equal("SUCCEEDED", provision.Result.Status);
        Assert.NotEmpty(await local.Cloud.Inspection.ListAsync(Id, ct));

        // No network (the deployment's default), no source, no ports: the resources are found by their tags.
        var teardown = await local.Workflows.RunAsync(local.Workflows.TeardownArn, new JsonObject { ["environmentId"] = Id }, ct,
            name: $"{Id}-g1-teardown-1");

        Assert.True(teardown.Result.Status == "SUCCEEDED", teardown.Result.Cause);
        await local.Workflows.WaitForLogExportsAsync(ct); // the hand-over's final export deletes the log group
        Assert.Empty(await local.Cloud.Inspection.ListAsync(Id, ct));
    }

    [Theory]
    [InlineData("ec2", "CreateImage", "image")]
    // Nothing waits for the load balancer itself: its targets never become healthy behind it, and that wait ends it.
    [InlineData("elasticloadbalancing", "CreateLoadBalancer", "healthy")]
    public async Task AResourceThatNeverBecomesReady_EndsOnTheWaitBudget_AndStillRollsBackToNothing(string service, string action, string what)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var local = await StartAsync(ct);
        local.Cloud.Faults.Add(new Fault(service, action, FaultKind.ResourceStuck));

        var provision = await local.Workflows.RunAsync(local.Workflows.ProvisionArn, DemoRunner.DemoSpec(local.Cloud.Seed!), ct,
            name: $"{Id}-g1-provision-1");

        // The provision's own wait budget ends it (not the execution timeout), leaving the rollback its time.
        Assert.Equal("FAILED", provision.Result.Status);
        Assert.Equal(StepErrors.ResourceFailed, provision.Result.Error);
        Assert.True(provision.Result.Cause!.Contains(what, StringComparison.OrdinalIgnoreCase), provision.Result.Cause);
        Assert.DoesNotContain(provision.Events, e => e.Type == "ExecutionTimedOut");
        Assert.Empty(await local.Cloud.Inspection.ListAsync(Id, ct));
    }

    [Fact]
    public async Task LoadBalancerBranchFails_WhileTheImageBranchIsStillCreating_TheRollbackWaitsForItAndLeavesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var local = await StartAsync(ct);
        // The image branch's CreateImage is held for ten simulated minutes; the load balancer branch fails at once.
        // A function that outlived its state would create the AMI behind the rollback (it once did, here: the engine's
        // functions had no Lambda timeout, so the held call landed after the rollback had deregistered the retry's image).
        var held = local.Cloud.Faults.Add(new Fault("ec2", "CreateImage", FaultKind.Delay) { Delay = TimeSpan.FromMinutes(10) });
        local.Cloud.Faults.Add(new Fault("elasticloadbalancing", "CreateLoadBalancer", FaultKind.Error)
        {
            ErrorCode = "InvalidConfigurationRequest",
            ErrorMessage = "Injected: the load balancer's configuration is refused.",
        });

        var provision = await local.Workflows.RunAsync(local.Workflows.ProvisionArn, DemoRunner.DemoSpec(local.Cloud.Seed!), ct,
            name: $"{Id}-g1-provision-1");

        Assert.Equal("FAILED", provision.Result.Status);
        Assert.Contains("InvalidConfigurationRequest", provision.Result.Cause, StringComparison.Ordinal);
        AssertNoFunctionOutlivedItsState(provision, held);
        // EC2's client has no attempt timeout of its own: Lambda's timeout (before the state's) stopped the function.
        var stopped = Assert.Single(provision.Events, e => e.Type == "LambdaFunctionFailed"
            && ((string?)e.Details?["cause"] ?? "").Contains($"{StepNames.CreateAmi}.Run: reached the invocation", StringComparison.Ordinal));
        Assert.Equal(StepErrors.Transient, (string?)stopped.Details!["error"]);
        Assert.Empty(await local.Cloud.Inspection.ListAsync(Id, ct));
    }

    [Fact]
    public async Task ImageBranchFails_WhileTheLoadBalancerBranchIsStillCreating_TheRollbackWaitsForItAndLeavesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var local = await StartAsync(ct);
        // The mirror: CreateAlb's CreateLoadBalancer is held for ten simulated minutes while the image branch fails at
        // once; a late CreateLoadBalancer would make a load balancer (and CreateAlb its listener) behind the rollback.
        var held = local.Cloud.Faults.Add(new Fault("elasticloadbalancing", "CreateLoadBalancer", FaultKind.Delay) { Delay = TimeSpan.FromMinutes(10) });
        local.Cloud.Faults.Add(new Fault("ec2", "CreateImage", FaultKind.Error)
        {
            ErrorCode = "InvalidInstanceID.Malformed",
            ErrorMessage = "Injected: the instance id is refused.",
        });

        var provision = await local.Workflows.RunAsync(local.Workflows.ProvisionArn, DemoRunner.DemoSpec(local.Cloud.Seed!), ct,
            name: $"{Id}-g1-provision-1");

        Assert.Equal("FAILED", provision.Result.Status);
        Assert.Contains("InvalidInstanceID.Malformed", provision.Result.Cause, StringComparison.Ordinal);
        // ELBv2's client gives up on the held attempt itself and retries; the late call is dropped.
        AssertNoFunctionOutlivedItsState(provision, held);
        Assert.Empty(await local.Cloud.Inspection.ListAsync(Id, ct));
    }

    [Fact]
    public async Task TeardownWhileARunIsStillInFlight_WaitsOutItsLambdaTimeout_AndLeavesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        // A stopped provision (the API's delete of a CREATING environment, an expiry) leaves its running function
        // running: StopExecution stops waiting for it, not the function. Here that in-flight CreateAmi.Run lands its
        // CreateImage 25 s into the teardown (within its Lambda timeout), after the image chain's CreateAmi.Undo has
        // looked; it runs inside the other chain's first Undo call, so on the clock.
        JsonNode? spec = null;
        DateTimeOffset? landed = null;
        await using var local = await LocalProvisioner.StartAsync(new LocalProvisionerOptions(VirtualTime: true,
            WrapHandlers: (handlers, clock) =>
            {
                var all = handlers.ToList();
                var validate = all.Single(h => h.Name == "ValidateSpec.Run");
                var run = all.Single(h => h.Name == $"{StepNames.CreateAmi}.Run");
                var waits = ((VirtualClock)clock).Waits;
                return all.Select(h => h.Name != $"{StepNames.CreateAsg}.Undo" ? h : new AfterFirstCall(h, async token =>
                {
                    await Task.Delay(TimeSpan.FromSeconds(25), waits, token);
                    var normalized = await validate.InvokeAsync(new JsonObject { ["spec"] = spec!.DeepClone(), ["executionName"] = $"{Id}-g1-provision-1" }, token);
                    await run.InvokeAsync(new JsonObject { ["spec"] = normalized }, token);
                    landed = clock.GetUtcNow();
                }));
            }), ct);
        spec = DemoRunner.DemoSpec(local.Cloud.Seed!);

        var teardown = await local.Workflows.RunAsync(local.Workflows.TeardownArn, new JsonObject { ["environmentId"] = Id }, ct,
            name: $"{Id}-g1-teardown-1");

        Assert.True(teardown.Result.Status == "SUCCEEDED", teardown.Result.Cause);
        Assert.NotNull(landed);
        Assert.True(landed < teardown.Events[0].Timestamp + StepSettings.DefaultFunctionTimeout, $"the late Run landed at {landed:O}, after its Lambda timeout");
        Assert.Empty(await local.Cloud.Inspection.ListAsync(Id, ct));
    }

    /// <summary>A handler that, once, does <paramref name="after"/> right after its first call (with that call's result kept).</summary>
    private sealed class AfterFirstCall(IFunctionHandler inner, Func<CancellationToken, Task> after) : IFunctionHandler
    {
        private int _calls;

        public string Name => inner.Name;

        public async Task<JsonNode?> InvokeAsync(JsonNode? input, CancellationToken cancellationToken)
        {
            var result = await inner.InvokeAsync(input, cancellationToken);
            if (Interlocked.Increment(ref _calls) == 1)
            {
                await after(cancellationToken);
            }
            return result;
        }
    }

    /// <summary>
    /// The held call never reached AWS and no function outlived its state: every invocation had ended before the Build
    /// Parallel did and the rollback began.
    /// </summary>
    private static void AssertNoFunctionOutlivedItsState(ExecutionTrace provision, Fault held)
    {
        Assert.Equal(1, held.Hits);
        Assert.Equal(0, held.Held);
        Assert.DoesNotContain(provision.Events, e => e.Type == "LambdaFunctionTimedOut");
    }

    private static Task<LocalProvisioner> StartAsync(CancellationToken ct) =>
        LocalProvisioner.StartAsync(new LocalProvisionerOptions(VirtualTime: true), ct);

    private static async Task<List<string>> ResourcesAsync(LocalProvisioner local, CancellationToken ct) =>
        (await local.Cloud.Inspection.ListAsync(Id, ct))
            .Where(r => r.Type != InspectedTypes.Snapshot)
            .Select(r => $"{r.Type} {r.Id} {r.State}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
