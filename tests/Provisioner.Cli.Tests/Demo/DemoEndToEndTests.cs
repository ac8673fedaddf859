using System.Text.Json.Nodes;
using Provisioner.Cli.Local;
using Provisioner.Core.Naming;

namespace Provisioner.Cli.Tests.Demo;

/// <summary>
/// The whole product on this machine: the deployed state machines on the local engine, the real step code,
/// LocalCloud (moto + realism). Virtual time, so minutes of AWS time take only the machine's time.
/// </summary>
public sealed class DemoEndToEndTests
{
    [Fact]
    public async Task Demo_ProvisionsAHealthyEnvironment_TearsItDown_AndLeavesNothing()
    {
        var (exit, report, error) = await RunDemoAsync();

        Assert.True(exit == 0, error);
        Assert.Equal("SUCCEEDED", (string?)report["status"]);
        Assert.Equal("shop-dev", (string?)report["environmentId"]);
        Assert.Empty(report["leakedResources"]!.AsArray());
        var steps = report["steps"]!.AsArray().Select(s => (string)s!["name"]!).ToList();
        Assert.All(StepNames.All, step => Assert.Contains(step, steps));
        Assert.All(StepNames.All.Where(s => s != StepNames.WaitAvailable), step => Assert.Contains(step + ".Undo", steps));
        Assert.All(report["steps"]!.AsArray(), s => Assert.Equal("SUCCEEDED", (string?)s!["status"]));
        var resources = report["resources"]!;
        Assert.StartsWith("arn:aws:elasticloadbalancing:", (string?)resources["loadBalancer"]!["loadBalancerArn"], StringComparison.Ordinal);
        Assert.Equal("prov-shop-dev-asg", (string?)resources["autoScalingGroup"]!["autoScalingGroupName"]);
        // 31 since the Build branches catch their own failures: BuildDone? and CollectResources are two more transitions.
        Assert.InRange((int)report["stateTransitions"]!, 10, 32);
        Assert.True((double)report["simulatedSeconds"]! > 240, "the AMI alone takes minutes of simulated time");
    }

    [Fact]
    public async Task Demo_FixedSeed_StepDurationsComeFromTheLatencyModel_OnTheScaledClockAsOnTheVirtualOne()
    {
        // Seed 3's draws (LocalCloud/Time/LatencyModel.cs): API calls of 0.2-2 s each, the AMI bake, the instance
        // launch and its health check. moto's real latency on this machine never shows: the clock stands still
        // while a handler runs, and each call waits its modelled latency instead.
        var (exit, report, error) = await RunDemoAsync("--seed", "3");
        var (scaledExit, scaled, scaledError) = await RunDemoAsync(["--seed", "3", "--time-scale", "600"], virtualTime: false);

        Assert.True(exit == 0, error);
        Assert.True(scaledExit == 0, scaledError);
        var steps = report["steps"]!.AsArray().ToDictionary(s => (string)s!["name"]!, s => ((double)s!["startedAtSeconds"]!, (double)s!["durationSeconds"]!));
        Assert.Equal((0.0, 3.4), steps["CreateAmi"]);
        Assert.Equal((0.0, 4.0), steps["CreateTargetGroup"]);
        Assert.Equal((0.0, 2.5), steps["ScheduleLogExport"]);
        Assert.Equal((3.4, 236.0), steps["WaitAvailable"]);
        Assert.Equal((4.0, 9.3), steps["CreateAlb"]);
        Assert.Equal((246.1, 89.1), steps["CreateAsg"]);
        // The teardown's chains each wait out the Runs that may still be in flight (a function timeout from its start),
        // hidden behind the Auto Scaling group's deletion; their extra Undo calls draw their own latencies.
        Assert.Equal(614.3, (double)report["simulatedSeconds"]!, 1);
        // The same timeline on the demo's default kind of clock (paced), whatever the machine's speed.
        Assert.Equal(report["steps"]!.ToJsonString(), scaled["steps"]!.ToJsonString());
        Assert.Equal((double)report["simulatedSeconds"]!, (double)scaled["simulatedSeconds"]!);
    }

    public static TheoryData<string> Steps() => new(StepNames.All);

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task FailureAtAnyStep_RollsBack_AndLeavesNothing(string step)
    {
        var (exit, report, error) = await RunDemoAsync("--fail-at", step);

        Assert.True(exit == 1, error);
        Assert.Equal("ROLLED_BACK", (string?)report["status"]);
        Assert.Equal("Provisioner.Rejected", (string?)report["error"]);
        Assert.Empty(report["leakedResources"]!.AsArray());
        var failed = report["steps"]!.AsArray().Single(s => (string?)s!["name"] == step)!;
        Assert.Equal("FAILED", (string?)failed["status"]);
    }

    [Fact]
    public async Task FailingUndo_EndsInRollbackFailed_AndReportsWhatIsLeft()
    {
        var (exit, report, error) = await RunDemoAsync("--fail-at", StepNames.CreateAsg, "--fail-undo", StepNames.CreateAlarms);

        Assert.True(exit == 3, error);
        Assert.Equal("ROLLBACK_FAILED", (string?)report["status"]);
        Assert.Equal("RollbackFailed", (string?)report["error"]);
        Assert.Contains("CreateAlarms", (string?)report["cause"], StringComparison.Ordinal);
        var leaked = report["leakedResources"]!.AsArray().Select(r => (string)r!).ToList();
        Assert.Contains(leaked, r => r.StartsWith("sns:topic", StringComparison.Ordinal));
        Assert.Contains(leaked, r => r.StartsWith("cloudwatch:alarm", StringComparison.Ordinal));
        Assert.DoesNotContain(leaked, r => r.StartsWith("elbv2:load-balancer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Teardown_OfAnEnvironmentThatIsGone_IsANoOp()
    {
        await using var local = await LocalProvisioner.StartAsync(new LocalProvisionerOptions(VirtualTime: true), TestContext.Current.CancellationToken);
        var spec = Cli.Demo.DemoRunner.DemoSpec(local.Cloud.Seed!);

        var provision = await local.Workflows.RunAsync(local.Workflows.ProvisionArn, spec, TestContext.Current.CancellationToken);
        var first = await local.Workflows.RunAsync(local.Workflows.TeardownArn, spec, TestContext.Current.CancellationToken);
        await local.Workflows.WaitForLogExportsAsync(TestContext.Current.CancellationToken); // the hand-over's final export deletes the log group
        var second = await local.Workflows.RunAsync(local.Workflows.TeardownArn, spec, TestContext.Current.CancellationToken);

        Assert.Equal("SUCCEEDED", provision.Result.Status);
        Assert.Equal("SUCCEEDED", first.Result.Status);
        Assert.Equal("SUCCEEDED", second.Result.Status);
        Assert.Equal("""{"environmentId":"shop-dev","status":"DELETED"}""", second.Result.OutputJson);
        // Nothing was there: one call each (Lambda ARNs are LambdaFunction* events, as on AWS), and one more for the first
        // Undo of each of the three chains, which waits out the Runs that may still be in flight when a teardown starts.
        Assert.Equal(8 + 3, second.Events.Count(e => e.Type == "LambdaFunctionScheduled"));
        Assert.Empty(await local.Cloud.Inspection.ListAsync("shop-dev", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task InvalidSpec_EndsTheWorkflowAtTheCheck_WithEveryError_CreatingAndRollingBackNothing()
    {
        await using var local = await LocalProvisioner.StartAsync(new LocalProvisionerOptions(VirtualTime: true), TestContext.Current.CancellationToken);
        var spec = Cli.Demo.DemoRunner.DemoSpec(local.Cloud.Seed!).AsObject();
        spec["scaling"] = new JsonObject { ["min"] = 5, ["max"] = 2 };
        spec["owner"] = "someone@example.com";
        var children = 0;
        local.Workflows.ExecutionStatusChanged += e => children += e.StateMachineArn == local.Workflows.TeardownArn ? 1 : 0;

        var provision = await local.Workflows.RunAsync(local.Workflows.ProvisionArn, spec, TestContext.Current.CancellationToken);

        Assert.Equal("FAILED", provision.Result.Status);
        Assert.Equal("Provisioner.InvalidSpec", provision.Result.Error);
        Assert.Contains("/scaling", provision.Result.Cause, StringComparison.Ordinal);
        Assert.Contains("/owner: ", provision.Result.Cause, StringComparison.Ordinal);
        Assert.Equal(0, children);
        Assert.Equal(["ValidateSpec", "InvalidSpec"], provision.Events.Where(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal)).Select(e => (string?)e.Details!["name"]));
        Assert.Empty(await local.Cloud.Inspection.ListAsync("shop-dev", TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("--fail-at", "CreateEverything", "--fail-at: must be one of the nine steps")]
    [InlineData("--fail-undo", "WaitAvailable", "--fail-undo: must be a step that has an Undo")]
    [InlineData("--time-scale", "0", "--time-scale: must be a number from 1 to")]
    public async Task BadOptions_AreRefusedWithTheOptionAndTheRule_BeforeAnythingStarts(string option, string value, string message)
    {
        var (exit, output, error) = await CliRun.InProcessAsync("", "demo", option, value);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("LocalCloud", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    private static Task<(int Exit, JsonNode Report, string Error)> RunDemoAsync(params string[] options) => RunDemoAsync(options, virtualTime: true);

    private static async Task<(int Exit, JsonNode Report, string Error)> RunDemoAsync(string[] options, bool virtualTime)
    {
        var (exit, output, error) = await CliRun.InProcessAsync("", ["demo", "--json", .. (virtualTime ? ["--virtual-time"] : Array.Empty<string>()), .. options]);
        var lastLine = output.TrimEnd().Split('\n')[^1];
        return (exit, JsonNode.Parse(lastLine)!, error);
    }
}
