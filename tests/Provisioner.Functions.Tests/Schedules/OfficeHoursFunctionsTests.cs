using System.Text.Json.Nodes;
using Provisioner.Core.Steps;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Schedules;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions.Tests.Schedules;

public sealed class OfficeHoursFunctionsTests
{
    private static CancellationToken Ct => OfficeHoursWorld.Ct;

    private readonly OfficeHoursWorld _w = new();
    private readonly Dictionary<string, IFunctionHandler> _handlers;

    public OfficeHoursFunctionsTests()
    {
        _handlers = OfficeHoursFunctions.Handlers(new Lazy<OfficeHoursTransitions>(() => _w.Transitions)).ToDictionary(h => h.Name);
    }

    private Task<JsonNode?> InvokeAsync(string handler, string input) => _handlers[handler].InvokeAsync(JsonNode.Parse(input), Ct);

    /// <summary>What the schedules send (<see cref="OfficeHoursSchedules.Input"/>), as Scheduler hands it to the function.</summary>
    private static string Input(int generation = 1) => OfficeHoursSchedules.Input(OfficeHoursWorld.Id, generation);

    [Fact]
    public void Handlers_TheThreeNamesTheTemplateUses()
    {
        Assert.Equal(["OfficeHours.Sleep", "OfficeHours.Wake", "OfficeHours.CheckWake"], _handlers.Keys);
        Assert.Equal(OfficeHoursFunctions.Names, _handlers.Keys);
    }

    [Fact]
    public async Task SleepWakeCheckWake_WhatTheSchedulesSend_SleepingWakingReady()
    {
        await _w.ReadyAsync();

        var slept = await InvokeAsync(OfficeHoursFunctions.SleepHandlerName, Input());
        Assert.Equal(("done", "SLEEPING"), ((string?)slept!["result"], (string?)slept["status"]));
        Assert.Equal((0, 3, 0), _w.Sizes);

        var woken = await InvokeAsync(OfficeHoursFunctions.WakeHandlerName, Input());
        Assert.Equal(("done", "WAKING"), ((string?)woken!["result"], (string?)woken["status"]));
        var check = _w.Cloud.Scheduler.Schedules[_w.Names.WakeCheckSchedule];
        Assert.Equal(Input(), check.Target.Input);

        _w.SetTargetHealth(healthy: 2);
        var ready = await InvokeAsync(OfficeHoursFunctions.CheckWakeHandlerName, check.Target.Input!);
        Assert.Equal(("done", "READY"), ((string?)ready!["result"], (string?)ready["status"]));
        Assert.Equal(EnvironmentStatus.Ready, (await _w.RecordAsync()).Status);
    }

    [Fact]
    public async Task Wake_ReadyEnvironment_AnsweredAsWrongStatusNotFailed()
    {
        await _w.ReadyAsync();

        var answer = await InvokeAsync(OfficeHoursFunctions.WakeHandlerName, Input());

        Assert.Equal("wrong-status", (string?)answer!["result"]);
        Assert.Equal("READY", (string?)answer["status"]);
        Assert.Equal("only SLEEPING and WAKING environments can be woken", (string?)answer["detail"]);
    }

    [Fact]
    public async Task Sleep_ScheduleOfAnEarlierGeneration_Ignored()
    {
        await _w.ReadyAsync();

        var answer = await InvokeAsync(OfficeHoursFunctions.SleepHandlerName, Input(generation: 7));

        Assert.Equal("ignored", (string?)answer!["result"]);
        Assert.Null(answer["status"]);
        Assert.Equal(EnvironmentStatus.Ready, (await _w.RecordAsync()).Status);
    }

    [Theory]
    [InlineData("{\"generation\": 1}")]
    [InlineData("{\"environmentId\": \"shop-dev\", \"generation\": \"one\"}")]
    [InlineData("[1, 2, 3]")]
    public async Task AnyHandler_InputNotWhatTheScheduleSends_BadInputNamingTheHandler(string input)
    {
        foreach (var name in OfficeHoursFunctions.Names)
        {
            var error = await Assert.ThrowsAsync<StepFailedException>(() => InvokeAsync(name, input));

            Assert.Equal(StepErrors.BadInput, error.ErrorName);
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Targets_EveryVariableSet_TheTargets_AnyMissing_Null()
    {
        var variables = new Dictionary<string, string>
        {
            [StepSettings.ScheduleGroupVariable] = "prov-schedules",
            [StepSettings.SchedulerRoleArnVariable] = OfficeHoursWorld.Targets.RoleArn,
            [OfficeHoursFunctions.SleepFunctionArnVariable] = OfficeHoursWorld.Targets.SleepFunctionArn,
            [OfficeHoursFunctions.WakeFunctionArnVariable] = OfficeHoursWorld.Targets.WakeFunctionArn,
            [OfficeHoursFunctions.CheckWakeFunctionArnVariable] = OfficeHoursWorld.Targets.CheckWakeFunctionArn,
        };

        Assert.Equal(OfficeHoursWorld.Targets, OfficeHoursFunctions.Targets(variables.GetValueOrDefault));
        foreach (var name in variables.Keys)
        {
            var missing = new Dictionary<string, string>(variables) { [name] = " " };
            Assert.Null(OfficeHoursFunctions.Targets(missing.GetValueOrDefault));
        }
    }
}
