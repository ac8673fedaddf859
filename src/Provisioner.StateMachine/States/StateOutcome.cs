using System.Text.Json.Nodes;

namespace Provisioner.StateMachine.States;

/// <summary>How a state visit ended: its output, the next state (null: the branch ends), and the variables it assigns.</summary>
internal sealed record StateOutcome(JsonNode? Output, string? Next, IReadOnlyDictionary<string, JsonNode?>? Assigned = null);
