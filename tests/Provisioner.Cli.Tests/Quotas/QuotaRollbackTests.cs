using Provisioner.Cli.Demo;
using Provisioner.Cli.Local;
using Provisioner.LocalCloud.Realism;

namespace Provisioner.Cli.Tests.Quotas;

/// <summary>
/// A service quota hit mid-provision, on the real provision workflow (LocalCloud + the local engine on virtual
/// time, as <c>up</c> composes them): the provision fails with an error naming the quota and rolls back to
/// nothing. Quotas: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
/// and https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-quotas.html
/// </summary>
public sealed class QuotaRollbackTests
{
    public static TheoryData<string, string, string> Quotas() => new()
    {
        // CreateAlb runs after the AMI, the target group and the alarms exist.
        { "alb", "TooManyLoadBalancers", "Application Load Balancers per Region, 0" },
        // CreateAsg is the last create: the AMI, launch template, target group, load balancer, certificate... exist.
        { "asg", "LimitExceeded", "Auto Scaling groups per region, 0" },
    };

    [Theory]
    [MemberData(nameof(Quotas))]
    public async Task Provision_QuotaHitMidway_FailsNamingTheQuota_RollsBackToNothing(string quota, string code, string named)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var local = await LocalProvisioner.StartAsync(new LocalProvisionerOptions(VirtualTime: true, Seed: 1), ct);
        local.Cloud.Realism.Quotas = quota == "alb"
            ? new ServiceQuotas { ApplicationLoadBalancersPerRegion = 0 }
            : new ServiceQuotas { AutoScalingGroupsPerRegion = 0 };
        var spec = DemoRunner.DemoSpec(local.Cloud.Seed!);
        var environmentId = (string)spec["environmentId"]!;

        var trace = await local.Workflows.RunAsync(local.Workflows.ProvisionArn, spec, ct, $"{environmentId}-g1-provision-1");
        await local.Workflows.WaitForLogExportsAsync(ct);
        var left = await local.Cloud.Inspection.ListAsync(environmentId, ct);

        Assert.Equal("FAILED", trace.Result.Status);
        Assert.Contains(code, trace.Result.Cause ?? "", StringComparison.Ordinal);
        Assert.Contains(named, trace.Result.Cause ?? "", StringComparison.Ordinal);
        Assert.NotEqual("RollbackFailed", trace.Result.Error);
        Assert.Empty(left.Select(r => r.ToString()));
    }

    // up's --quota-factor is an operator's increase: a factor below 1 would lower AWS's defaults.
    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    public async Task Up_QuotaFactorBelowOne_RefusedNamingTheOption_BeforeAnythingStarts(string value)
    {
        var (exit, output, error) = await CliRun.InProcessAsync("", "up", "--quota-factor", value);

        Assert.Equal(2, exit);
        Assert.Contains("--quota-factor: must be a whole number of at least 1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("LocalCloud", error, StringComparison.Ordinal);
        Assert.Equal("", output);
    }
}
