using System.Text.Json.Nodes;

using Provisioner.StateMachine.Choice;
using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.Payload;
using Provisioner.StateMachine.Variables;

namespace Provisioner.StateMachine.States;

/// <summary>Choice: the first matching rule's Next (and its Assign), else Default, else States.NoChoiceMatched.</summary>
internal sealed record ChoiceState : State
{
    public override string Type => "Choice";

    public required IReadOnlyList<ChoiceBranch> Choices { get; init; }

    public string? Default { get; init; }

    public override Task<StateOutcome> ExecuteAsync(StateVisit visit, JsonNode? rawInput)
    {
        var effective = DataFlow.ApplyInputPath(InputPath, visit.Paths(rawInput));
        var paths = visit.Paths(effective);
        var match = Choices.FirstOrDefault(c => c.Rule.Evaluate(paths));
        var next = match?.Next ?? Default
            ?? throw new StatesFailureException(StatesErrorNames.NoChoiceMatched, "No Matches!");
        var assigned = AssignEvaluator.Evaluate(match is null ? Assign : match.Assign, paths);
        var output = DataFlow.ApplyOutputPath(OutputPath, paths);
        return Task.FromResult(new StateOutcome(output, next, assigned));
    }
}
