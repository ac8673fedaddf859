using System.Text.Json.Nodes;

using Provisioner.StateMachine.Timing;

namespace Provisioner.StateMachine.Tests.Support;

/// <summary>Small helpers to run definitions in tests on the engine's virtual clock.</summary>
public static class Asl
{
    public static readonly DateTimeOffset Epoch = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static VirtualClock Clock() => new(Epoch);

    public static Task<ExecutionTrace> Run(string definition, string input = "{}", ScriptedInvoker? tasks = null, TimeProvider? time = null) =>
        AslRunner.RunWithHistoryAsync(definition, input, tasks ?? new ScriptedInvoker(), time ?? Clock(), TestContext.Current.CancellationToken);

    public static JsonNode? Output(this ExecutionTrace trace) => JsonNode.Parse(trace.Result.OutputJson ?? "null");

    public static string[] Types(this ExecutionTrace trace) => trace.Events.Select(e => e.Type).ToArray();

    public static bool JsonEquals(string? expected, string? actual) =>
        JsonNode.DeepEquals(JsonNode.Parse(expected ?? "null"), JsonNode.Parse(actual ?? "null"));
}
