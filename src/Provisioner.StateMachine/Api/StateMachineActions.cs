using System.Text.Json.Nodes;

using Provisioner.StateMachine.Engine;
using Provisioner.StateMachine.Storage;

namespace Provisioner.StateMachine.Api;

/// <summary>CreateStateMachine, UpdateStateMachine, DescribeStateMachine, ListStateMachines.</summary>
internal static class StateMachineActions
{
    public static async Task<JsonObject> CreateStateMachine(StateMachineEngine engine, ApiRequest request)
    {
        var machine = await engine.CreateStateMachineAsync(
            request.Required("name"), request.RequiredJsonText("definition", "InvalidDefinition"), request.Required("roleArn"), request.Optional("type") ?? "STANDARD").ConfigureAwait(false);
        return new JsonObject { ["stateMachineArn"] = machine.Arn, ["creationDate"] = ApiJson.Date(machine.CreationDate) };
    }

    public static async Task<JsonObject> UpdateStateMachine(StateMachineEngine engine, ApiRequest request)
    {
        var machine = await engine.UpdateStateMachineAsync(request.Required("stateMachineArn"), request.OptionalJsonText("definition", "InvalidDefinition"), request.Optional("roleArn")).ConfigureAwait(false);
        return new JsonObject { ["updateDate"] = ApiJson.Date(engine.Time.GetUtcNow()), ["revisionId"] = machine.RevisionId };
    }

    public static async Task<JsonObject> DescribeStateMachine(StateMachineEngine engine, ApiRequest request)
    {
        var machine = await engine.DescribeStateMachineAsync(request.Required("stateMachineArn")).ConfigureAwait(false);
        return new JsonObject
        {
            ["stateMachineArn"] = machine.Arn,
            ["name"] = machine.Name,
            ["status"] = "ACTIVE",
            ["definition"] = machine.Definition,
            ["roleArn"] = machine.RoleArn,
            ["type"] = machine.Type,
            ["creationDate"] = ApiJson.Date(machine.CreationDate),
            ["loggingConfiguration"] = new JsonObject { ["level"] = "OFF", ["includeExecutionData"] = false },
            ["revisionId"] = machine.RevisionId,
        };
    }

    public static async Task<JsonObject> ListStateMachines(StateMachineEngine engine, ApiRequest request)
    {
        var (offset, limit) = request.Page(100, 1000);
        var all = await engine.ListStateMachinesAsync().ConfigureAwait(false);
        var page = new JsonArray();
        foreach (var machine in all.Skip(offset).Take(limit))
        {
            page.Add(Summary(machine));
        }

        return ApiJson.WithToken(new JsonObject { ["stateMachines"] = page }, ApiRequest.NextToken(offset, limit, all.Count));
    }

    private static JsonObject Summary(StateMachineRecord machine) => new()
    {
        ["stateMachineArn"] = machine.Arn,
        ["name"] = machine.Name,
        ["type"] = machine.Type,
        ["creationDate"] = ApiJson.Date(machine.CreationDate),
    };
}
