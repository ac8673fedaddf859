using System.Text.Json.Nodes;
using Provisioner.Aws;
using Provisioner.Aws.StepFunctions;
using Provisioner.Cli.Up;
using Provisioner.LocalCloud.Scheduling;

namespace Provisioner.Cli.Tests.Up;

/// <summary>Schedules fire on <c>up</c>: moto stores them, the local scheduler runs them on the virtual clock.</summary>
public sealed class UpScheduleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Up_ScheduleTargetingAStateMachine_StartsAnExecutionOnTheEngine_WithTheContextSubstituted()
    {
        var dataDir = Directory.CreateTempSubdirectory("provisioner-up-test-").FullName;
        using var log = new StringWriter();
        await using var up = await UpHost.StartAsync(new UpOptions(dataDir, VirtualTime: true), log, Ct);
        using var clients = new AwsClients(AwsSettings.ForLocalEndpoint(new Uri(up.Info.StepFunctions), up.Local.Cloud.Options.Region));
        var machine = await clients.StepFunctions.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "scheduled-hello",
            Definition = """{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}""",
            RoleArn = "arn:aws:iam::123456789012:role/states",
        }, Ct);
        var fired = new TaskCompletionSource<ScheduleFiring>(TaskCreationOptions.RunContinuationsAsynchronously);
        up.Scheduler.Fired += f =>
        {
            if (f.Invocation.ScheduleName == "prov-hello-once")
            {
                fired.TrySetResult(f);
            }
        };
        var at = up.Local.Clock.GetUtcNow().AddMinutes(10).UtcDateTime;
        // The deployment's schedule group exists from the start (as SAM creates it).
        await up.Local.Cloud.Backchannel.RestJsonAsync("scheduler", HttpMethod.Post, "/schedules/prov-hello-once", new JsonObject
        {
            ["GroupName"] = "provisioner-schedules",
            ["ScheduleExpression"] = $"at({at:yyyy-MM-dd'T'HH:mm:ss})",
            ["FlexibleTimeWindow"] = new JsonObject { ["Mode"] = "OFF" },
            ["ActionAfterCompletion"] = "DELETE",
            ["Target"] = new JsonObject
            {
                ["Arn"] = machine.StateMachineArn,
                ["RoleArn"] = "arn:aws:iam::123456789012:role/provisioner-scheduler",
                ["Input"] = """{"when":"<aws.scheduler.scheduled-time>"}""",
            },
        }, Ct);

        var firing = await fired.Task.WaitAsync(TimeSpan.FromMinutes(2), Ct);

        Assert.Null(firing.Error);
        var execution = Assert.Single(await up.Local.Workflows.Engine.ListExecutionsAsync(machine.StateMachineArn, null));
        var described = await clients.StepFunctions.DescribeExecutionAsync(execution.Arn, Ct);
        Assert.Equal($"{at:yyyy-MM-dd'T'HH:mm:ss}Z", (string?)JsonNode.Parse(described.Input!)!["when"]);
        Assert.Contains("[up] schedule prov-hello-once fired -> " + machine.StateMachineArn, log.ToString(), StringComparison.Ordinal);
    }
}
