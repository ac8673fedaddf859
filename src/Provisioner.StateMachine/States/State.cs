using System.Text.Json.Nodes;

using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.Payload;
using Provisioner.StateMachine.Variables;

namespace Provisioner.StateMachine.States;

/// <summary>
/// A state of the definition. Fields common to all types live here; each type's own fields and
/// behaviour live in its file (PassState.cs, TaskState.cs, ...). The entered/exited events around
/// a visit are <see cref="StateRunner"/>'s job.
/// </summary>
internal abstract record State
{
    public required string Name { get; init; }

    /// <summary>JSON pointer of the state in the definition, for errors.</summary>
    public required string Pointer { get; init; }

    public string? Comment { get; init; }

    /// <summary>The next state, or null with <see cref="End"/> (Succeed, Fail and Choice have neither).</summary>
    public string? Next { get; init; }

    public bool End { get; init; }

    public DataPath InputPath { get; init; } = DataPath.Root;

    public DataPath OutputPath { get; init; } = DataPath.Root;

    /// <summary>Workflow variables to set when the state succeeds.</summary>
    public PayloadTemplate? Assign { get; init; }

    /// <summary>The ASL "Type" (Pass, Task, ...), which also prefixes the history event names.</summary>
    public abstract string Type { get; }

    /// <summary>Runs the state's own body on its raw input; failures throw StatesFailureException.</summary>
    public abstract Task<StateOutcome> ExecuteAsync(StateVisit visit, JsonNode? rawInput);

    /// <summary>Evaluates Assign with <c>$</c> bound as the state type prescribes; all values use the variables as they were on entry.</summary>
    protected IReadOnlyDictionary<string, JsonNode?>? EvaluateAssign(StateVisit visit, JsonNode? dollar) =>
        AssignEvaluator.Evaluate(Assign, visit.Paths(dollar));
}
