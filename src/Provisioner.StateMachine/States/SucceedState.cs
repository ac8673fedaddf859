using System.Text.Json.Nodes;

using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.Payload;

namespace Provisioner.StateMachine.States;

/// <summary>Succeed: ends its branch (or the execution) successfully with InputPath/OutputPath applied.</summary>
internal sealed record SucceedState : State
{
    public override string Type => "Succeed";

    public override Task<StateOutcome> ExecuteAsync(StateVisit visit, JsonNode? rawInput)
    {
        var effective = DataFlow.ApplyInputPath(InputPath, visit.Paths(rawInput));
        var output = DataFlow.ApplyOutputPath(OutputPath, visit.Paths(effective));
        return Task.FromResult(new StateOutcome(output, null));
    }
}
