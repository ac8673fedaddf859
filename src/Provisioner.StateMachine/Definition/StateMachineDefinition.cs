using Provisioner.StateMachine.States;

namespace Provisioner.StateMachine.Definition;

/// <summary>A parsed, validated state machine: immutable, parsed once and run many times.</summary>
internal sealed record StateMachineDefinition(StateMachineBody Body, int? TimeoutSeconds, string? Comment);

/// <summary>StartAt plus States: the top level, a Parallel branch, or a Map's ItemProcessor.</summary>
internal sealed record StateMachineBody(string StartAt, IReadOnlyDictionary<string, State> States);
