using System.Text.Json.Nodes;
using System.Threading.Channels;
using Provisioner.Aws;
using Provisioner.Aws.AutoScaling;
using Provisioner.Aws.CloudWatch;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Cli.Up;
using Provisioner.Core.Naming;
using Provisioner.Functions.Api.Registry;
using Provisioner.LocalCloud.Scheduling;

namespace Provisioner.Cli.Tests.Up;

/// <summary>
/// Office hours on <c>up</c>, on the virtual clock: the spec's sleep and wake crons fire in its time zone
/// (Asia/Kolkata, UTC+05:30, so a UTC reading would be five and a half hours off), the group goes to 0 and
/// back, the environment shows SLEEPING and then READY only once the new instances are healthy targets, alarm
/// actions are disabled while asleep, and the teardown leaves nothing.
/// </summary>
public sealed class UpOfficeHoursTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Wednesday 2026-12-02 12:50 UTC is 18:20 in Kolkata; sleep at 19:00 there (13:30 UTC), wake at 21:00 (15:30 UTC).
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 50, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SleepAt = new(2026, 12, 2, 13, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WakeAt = new(2026, 12, 2, 15, 30, 0, TimeSpan.Zero);

    private readonly ResourceNames _names = ResourceNames.For("shop-dev");

    [Fact]
    public async Task Up_OfficeHoursInAZoneWithAnOffset_SleepsAndWakesAtItsLocalTimes_ReadyOnceHealthy_TeardownLeavesNothing()
    {
        var dataDir = Directory.CreateTempSubdirectory("provisioner-up-test-").FullName;
        // up resumes its clock from the data folder: the run starts at a known instant.
        await File.WriteAllTextAsync(Path.Combine(dataDir, "clock.json"), new JsonObject { ["now"] = Start.ToString("O") }.ToJsonString(), Ct);
        using var log = new StringWriter();
        await using var up = await UpHost.StartAsync(new UpOptions(dataDir, VirtualTime: true), TextWriter.Synchronized(log), Ct);
        var token = up.Info.Users["dev-a"];
        var specFile = Path.Combine(dataDir, "office-hours.json");
        await File.WriteAllTextAsync(specFile, Spec().ToJsonString(), Ct);

        // Each office-hours firing stops the scheduler until the test has looked (nothing else fires meanwhile).
        var firings = Channel.CreateUnbounded<ScheduleFiring>();
        using var looked = new SemaphoreSlim(0);
        up.Scheduler.Fired += firing =>
        {
            if (firing.Invocation.ScheduleName == _names.SleepSchedule || firing.Invocation.ScheduleName == _names.WakeSchedule || firing.Invocation.ScheduleName == _names.WakeCheckSchedule)
            {
                firings.Writer.TryWrite(firing);
                looked.Wait(TimeSpan.FromMinutes(2));
            }
        };
        // The test looks through the realism layer too (it rewrites alarm actions and target health), but outside the
        // simulation: its timeouts and back-offs on real time, so the virtual clock jumping on never cuts its calls short.
        using var aws = new AwsClients(up.Local.Cloud.AwsSettings with { TimeProvider = TimeProvider.System, AttemptTimeProvider = TimeProvider.System });
        var registry = new DynamoDbEnvironmentRegistry(aws.DynamoDb, UpHost.TableName);

        try
        {
            // Not --wait: the clock runs on to the sleep, which stops the scheduler until the test has looked.
            var (created, _, createdError) = await CliRun.InProcessAsync("", ["create", specFile, "--api", up.Info.Api, "--token", token]);
            Assert.True(created == 0, createdError);

            var sleep = await NextAsync(firings);
            Assert.Equal((_names.SleepSchedule, SleepAt, (string?)null), (sleep.Invocation.ScheduleName, sleep.Invocation.ScheduledTime, sleep.Error));
            Assert.Equal("SLEEPING", await StatusAsync(registry)); // only a READY (or WAKING) environment is put to sleep
            Assert.Single(await up.Local.Workflows.Engine.ListExecutionsAsync(up.Local.Workflows.ProvisionArn, null), e => e.Name == "shop-dev-g1-provision-1" && e.Status == "SUCCEEDED");
            var schedule = await aws.Scheduler.GetScheduleAsync(_names.SleepSchedule, "provisioner-schedules", Ct);
            Assert.Equal(("cron(0 19 ? * * *)", "Asia/Kolkata"), (schedule.ScheduleExpression, schedule.ScheduleExpressionTimezone));
            Assert.Equal((0, 3, 0), await SizesAsync(aws));
            Assert.All(await ActionsEnabledAsync(aws), Assert.False);
            Assert.Contains("shop-dev is asleep outside its office hours", Assert.Single(await AsleepAnswersAsync(aws)), StringComparison.Ordinal);
            // The terminated instances are deregistered from the target group (they drain, they are not healthy).
            Assert.DoesNotContain(await HealthAsync(aws), t => t.State == "healthy");
            looked.Release();

            var wake = await NextAsync(firings);
            Assert.Equal((_names.WakeSchedule, WakeAt, (string?)null), (wake.Invocation.ScheduleName, wake.Invocation.ScheduledTime, wake.Error));
            Assert.Equal("WAKING", await StatusAsync(registry));
            Assert.Equal((1, 3, 2), await SizesAsync(aws));
            Assert.All(await ActionsEnabledAsync(aws), Assert.False);
            Assert.Single(await AsleepAnswersAsync(aws)); // until every new instance is a healthy target
            Assert.True(await aws.Scheduler.GetScheduleAsync(_names.WakeCheckSchedule, "provisioner-schedules", Ct) is not null);
            looked.Release();

            // The wake check fires until every new instance is a healthy target; only then READY.
            var checks = 0;
            while (true)
            {
                var check = await NextAsync(firings);
                Assert.Equal((_names.WakeCheckSchedule, (string?)null), (check.Invocation.ScheduleName, check.Error));
                checks++;
                var status = await StatusAsync(registry);
                var healthy = (await HealthAsync(aws)).Count(t => t.State == "healthy");
                if (status == "READY")
                {
                    Assert.Equal(2, healthy);
                    Assert.All(await ActionsEnabledAsync(aws), Assert.True);
                    Assert.Empty(await AsleepAnswersAsync(aws));
                    looked.Release();
                    break;
                }
                Assert.Equal("WAKING", status);
                Assert.True(healthy < 2, $"WAKING with {healthy} healthy targets");
                Assert.True(checks < 20, "the wake never became READY");
                looked.Release();
            }
            Assert.True(checks >= 2, "READY at the first check: the new instances were healthy at once");

            var (deleted, deletedOut, deletedError) = await CliRun.InProcessAsync("", ["delete", "shop-dev", "--wait", "--json", "--api", up.Info.Api, "--token", token]);
            Assert.True(deleted == 0, deletedError);
            Assert.Equal("DELETED", (string?)JsonNode.Parse(deletedOut.Trim().Split('\n')[^1])!["status"]);
            await AssertNothingLeftAsync(up);
        }
        finally
        {
            firings.Writer.TryComplete();
            TestContext.Current.TestOutputHelper?.WriteLine(log.ToString());
            looked.Release(100);
        }
    }

    [Fact]
    public async Task SleepAndWakeVerbs_ByHandWithoutOfficeHours_SleepingThenReadyOnceHealthy_WrongStatusExitsWithTheProblem()
    {
        var dataDir = Directory.CreateTempSubdirectory("provisioner-up-test-").FullName;
        await using var up = await UpHost.StartAsync(new UpOptions(dataDir, VirtualTime: true), TextWriter.Null, Ct);
        var spec = Spec();
        spec.Remove("hours");
        var specFile = Path.Combine(dataDir, "by-hand.json");
        await File.WriteAllTextAsync(specFile, spec.ToJsonString(), Ct);
        string[] asDevA = ["--api", up.Info.Api, "--token", up.Info.Users["dev-a"]];
        using var aws = new AwsClients(up.Local.Cloud.AwsSettings with { TimeProvider = TimeProvider.System, AttemptTimeProvider = TimeProvider.System });

        var (created, _, createdError) = await CliRun.InProcessAsync("", ["create", specFile, "--wait", .. asDevA]);
        Assert.True(created == 0, createdError);

        var (slept, sleptOut, sleptError) = await CliRun.InProcessAsync("", ["sleep", "shop-dev", "--json", .. asDevA]);
        Assert.True(slept == 0, sleptError);
        Assert.Equal("SLEEPING", (string?)JsonNode.Parse(sleptOut.Trim().Split('\n')[^1])!["status"]);
        Assert.Equal((0, 3, 0), await SizesAsync(aws));
        Assert.StartsWith("shop-dev is asleep, or waking up", Assert.Single(await AsleepAnswersAsync(aws)), StringComparison.Ordinal);

        var (again, _, againError) = await CliRun.InProcessAsync("", ["sleep", "shop-dev", .. asDevA]);
        Assert.Equal(0, again); // a sleeping environment put to sleep again: the same state, repaired if need be

        var (woken, wokenOut, wokenError) = await CliRun.InProcessAsync("", ["wake", "shop-dev", "--wait", "--json", .. asDevA]);
        Assert.True(woken == 0, wokenError);
        Assert.Equal("READY", (string?)JsonNode.Parse(wokenOut.Trim().Split('\n')[^1])!["status"]);
        Assert.Equal(2, (await HealthAsync(aws)).Count(t => t.State == "healthy"));
        Assert.All(await ActionsEnabledAsync(aws), Assert.True);
        Assert.Empty(await AsleepAnswersAsync(aws));

        var (refused, _, refusedError) = await CliRun.InProcessAsync("", ["wake", "shop-dev", .. asDevA]);
        Assert.NotEqual(0, refused);
        Assert.Contains("READY", refusedError, StringComparison.Ordinal);

        var (deleted, _, deletedError) = await CliRun.InProcessAsync("", ["delete", "shop-dev", "--wait", .. asDevA]);
        Assert.True(deleted == 0, deletedError);
        await AssertNothingLeftAsync(up);
    }

    /// <summary>Nothing of shop-dev once the teardown's hand-over has run; if something is, what the log-export worker did.</summary>
    private static async Task AssertNothingLeftAsync(UpHost up)
    {
        await up.Local.Workflows.WaitForLogExportsAsync(Ct); // the teardown hands the log group to the worker
        var left = await up.Local.Cloud.Inspection.ListAsync("shop-dev", Ct);
        if (left.Count > 0)
        {
            var exports = await up.Local.Workflows.Engine.ListExecutionsAsync(up.Local.Workflows.LogExportArn, null);
            Assert.Fail($"left: {string.Join(", ", left)}; log-export executions: "
                + string.Join("; ", exports.Select(e => $"{e.Name} {e.Status} {e.Error} {e.Cause}")));
        }
    }

    private static JsonObject Spec()
    {
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(CliRun.RepositoryRoot(), "examples", "lab.json")))!.AsObject();
        spec.Remove("ttlHours");
        spec["scaling"]!["min"] = 1;
        spec["scaling"]!["desired"] = 2;
        spec["hours"] = new JsonObject { ["sleep"] = "cron(0 19 ? * * *)", ["wake"] = "cron(0 21 ? * * *)", ["timezone"] = "Asia/Kolkata" };
        return spec;
    }

    private static async Task<ScheduleFiring> NextAsync(Channel<ScheduleFiring> firings) =>
        await firings.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromMinutes(2), Ct);

    private static async Task<string?> StatusAsync(DynamoDbEnvironmentRegistry registry) =>
        (await registry.GetAsync("shop-dev", Ct))?.Status;

    private async Task<(int Min, int Max, int Desired)> SizesAsync(AwsClients aws)
    {
        var group = Assert.Single((await aws.AutoScaling.DescribeAutoScalingGroupsAsync(
            new DescribeAutoScalingGroupsRequest { AutoScalingGroupNames = [_names.AutoScalingGroup] }, Ct)).AutoScalingGroups);
        return (group.MinSize, group.MaxSize, group.DesiredCapacity);
    }

    private async Task<bool[]> ActionsEnabledAsync(AwsClients aws)
    {
        var alarms = (await aws.CloudWatch.DescribeAlarmsAsync(new DescribeAlarmsRequest { AlarmNames = _names.Alarms }, Ct)).MetricAlarms;
        Assert.Equal(_names.Alarms.Count, alarms.Count);
        return [.. alarms.Select(a => a.ActionsEnabled ?? true)];
    }

    /// <summary>The asleep answers' messages on the load balancer's listeners, as AWS (moto) holds them.</summary>
    private async Task<List<string>> AsleepAnswersAsync(AwsClients aws)
    {
        var alb = Assert.Single((await aws.ElbV2.DescribeLoadBalancersAsync(new DescribeLoadBalancersRequest { Names = [_names.LoadBalancer] }, Ct)).LoadBalancers);
        var answers = new List<string>();
        foreach (var listener in (await aws.ElbV2.DescribeListenersAsync(new DescribeListenersRequest { LoadBalancerArn = alb.LoadBalancerArn }, Ct)).Listeners)
        {
            var rules = (await aws.ElbV2.DescribeRulesAsync(new DescribeRulesRequest { ListenerArn = listener.ListenerArn }, Ct)).Rules;
            answers.AddRange(rules.Where(Functions.Schedules.AsleepAnswer.Is).Select(r => Assert.Single(r.Actions).FixedResponse!.MessageBody ?? ""));
        }
        return answers;
    }

    private async Task<IReadOnlyList<TargetHealthDescription>> HealthAsync(AwsClients aws)
    {
        var group = Assert.Single((await aws.ElbV2.DescribeTargetGroupsAsync(new DescribeTargetGroupsRequest { Names = [_names.TargetGroup] }, Ct)).TargetGroups);
        return await aws.ElbV2.DescribeTargetHealthAsync(group.TargetGroupArn, Ct);
    }
}
