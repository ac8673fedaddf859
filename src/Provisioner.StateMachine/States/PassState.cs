using System.Text.Json.Nodes;

using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.Payload;

namespace Provisioner.StateMachine.States;

/// <summary>Pass: InputPath, Parameters, Result (or the effective input), ResultPath, OutputPath.</summary>
internal sealed record PassState : State
{
    public override string Type => "Pass";

    public PayloadTemplate? Parameters { get; init; }

    /// <summary>The fixed result; when absent the result is the effective input.</summary>
    public JsonNode? Result { get; init; }

    public bool HasResult { get; init; }

    public DataPath ResultPath { get; init; } = DataPath.Root;

    public override Task<StateOutcome> ExecuteAsync(StateVisit visit, JsonNode? rawInput)
    {
        var effective = DataFlow.ApplyInputPath(InputPath, visit.Paths(rawInput));
        var parameters = Parameters is null ? effective : Parameters.Evaluate(visit.Paths(effective));
        var result = HasResult ? Result?.DeepClone() : parameters;
        var assigned = EvaluateAssign(visit, result);
        var combined = DataFlow.ApplyResultPath(ResultPath, rawInput, result?.DeepClone());
        var output = DataFlow.ApplyOutputPath(OutputPath, visit.Paths(combined));
        return Task.FromResult(new StateOutcome(output, Next, assigned));
    }
}
