using Provisioner.LocalCloud.Inspection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Core.Spec;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions.Tests.Steps.Integration;

/// <summary>
/// All nine steps through the handler table, with the JSON the state machines pass, in the provision order
/// and then the teardown order: the environment comes up, and Run-then-Undo leaves nothing behind.
/// </summary>
public sealed class AllStepsIntegrationTests(LocalCloudFixture fixture) : StepIntegrationTest(fixture), IClassFixture<LocalCloudFixture>
{
    private static readonly string[] TeardownOrder =
        ["CreateAsg", "CreateLaunchTemplate", "AttachCert", "CreateAlb", "CreateTargetGroup", "CreateAlarms", "ScheduleLogExport", "CreateAmi"];

    private HandlerTable _handlers = null!;
    private JsonNode _spec = null!;

    [Fact]
    public async Task RunEveryStep_ThenUndoEveryStep_LeavesNothing()
    {
        await ProvisionAsync();

        foreach (var step in TeardownOrder)
        {
            UndoResult? last = null;
            await UndoUntilDoneAsync(async () => last = await UndoAsync(step));
            await HandOverAsync(last!); // ScheduleLogExport's: the worker's final export deletes the log group
        }
        Assert.Empty(await InspectAsync());
    }

    [Fact]
    public async Task RunEveryStep_ThenUndoAllAtOnceInTheWorstOrder_LeavesNothing()
    {
        // The teardown runs its Undos side by side; here every round calls each unfinished Undo, creation
        // order first (load balancer before the instances that still use its group, and so on), then waits
        // the shortest suggested time, as parallel branches polling on their own would.
        await ProvisionAsync();
        var pending = TeardownOrder.Reverse().ToList();

        for (var round = 0; pending.Count > 0; round++)
        {
            Assert.True(round < 40, "Undo did not finish: " + string.Join(", ", pending));
            var waits = new List<int>();
            foreach (var step in pending.ToList())
            {
                var result = await UndoAsync(step);
                if (result.Status == UndoStatus.Done)
                {
                    pending.Remove(step);
                    await HandOverAsync(result);
                }
                else
                {
                    waits.Add(result.WaitSeconds);
                }
            }
            if (waits.Count > 0)
            {
                Fixture.Time.Advance(TimeSpan.FromSeconds(waits.Min()));
            }
        }

        Assert.Empty(await InspectAsync());
    }

    private async Task<UndoResult> UndoAsync(string step) =>
        JsonSerializer.Deserialize(await InvokeAsync(step + ".Undo"), StepJsonContext.Default.UndoResult)!;

    private async Task ProvisionAsync()
    {
        _handlers = new HandlerTable(StepCatalog.Handlers(Deps));
        _spec = JsonSerializer.SerializeToNode(Spec, SpecJsonContext.Default.EnvironmentSpec)!;

        var image = await InvokeAsync("CreateAmi.Run");
        await PollAsync("WaitAvailable.Run", new() { ["amiId"] = Str(image, "amiId") });
        var targetGroup = await InvokeAsync("CreateTargetGroup.Run");
        var alb = await InvokeAsync("CreateAlb.Run", new() { ["targetGroupArn"] = Str(targetGroup, "targetGroupArn") });
        var cert = await InvokeAsync("AttachCert.Run", new()
        {
            ["loadBalancerArn"] = Str(alb, "loadBalancerArn"),
            ["targetGroupArn"] = Str(targetGroup, "targetGroupArn"),
            ["httpListenerArn"] = Str(alb, "httpListenerArn"),
        });
        Assert.True(cert["imported"]!.GetValue<bool>());
        var alarms = await InvokeAsync("CreateAlarms.Run", new() { ["loadBalancerArn"] = Str(alb, "loadBalancerArn"), ["targetGroupArn"] = Str(targetGroup, "targetGroupArn") });
        await InvokeAsync("ScheduleLogExport.Run");
        var template = await InvokeAsync("CreateLaunchTemplate.Run", new() { ["amiId"] = Str(image, "amiId"), ["albSecurityGroupId"] = Str(alb, "albSecurityGroupId") });
        await InvokeAsync("CreateAsg.Run", new()
        {
            ["launchTemplateId"] = Str(template, "launchTemplateId"),
            ["launchTemplateVersion"] = template["launchTemplateVersion"]!.DeepClone(),
            ["targetGroupArn"] = Str(targetGroup, "targetGroupArn"),
            ["topicArn"] = Str(alarms, "topicArn"),
        });
        await PollAsync("CreateAsg.Check", new() { ["targetGroupArn"] = Str(targetGroup, "targetGroupArn"), ["loadBalancerArn"] = Str(alb, "loadBalancerArn") });
        Assert.NotEmpty(await InspectAsync());
    }

    private async Task<JsonObject> InvokeAsync(string handler, JsonObject? fields = null)
    {
        var input = new JsonObject { ["spec"] = _spec.DeepClone() };
        foreach (var (key, value) in fields ?? [])
        {
            input[key] = value?.DeepClone();
        }
        return (await _handlers.Get(handler).InvokeAsync(input, Ct))!.AsObject();
    }

    private async Task PollAsync(string handler, JsonObject fields) =>
        await CheckUntilReadyAsync(async () => JsonSerializer.Deserialize(await InvokeAsync(handler, fields), StepJsonContext.Default.CheckResult)!);

    private static string Str(JsonObject node, string name) => node[name]!.GetValue<string>();
}
