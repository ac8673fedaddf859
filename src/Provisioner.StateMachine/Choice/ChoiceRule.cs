using System.Text.Json.Nodes;

using Provisioner.StateMachine.Payload;

namespace Provisioner.StateMachine.Choice;

/// <summary>A Boolean expression of a Choice state: And, Or, Not or a data-test comparison.</summary>
internal abstract record ChoiceRule
{
    public abstract bool Evaluate(PathContext paths);
}

internal sealed record AndRule(IReadOnlyList<ChoiceRule> Rules) : ChoiceRule
{
    public override bool Evaluate(PathContext paths) => Rules.All(r => r.Evaluate(paths));
}

internal sealed record OrRule(IReadOnlyList<ChoiceRule> Rules) : ChoiceRule
{
    public override bool Evaluate(PathContext paths) => Rules.Any(r => r.Evaluate(paths));
}

internal sealed record NotRule(ChoiceRule Rule) : ChoiceRule
{
    public override bool Evaluate(PathContext paths) => !Rule.Evaluate(paths);
}

/// <summary>A top-level Choices entry: the rule, where to go when it matches, and what it assigns.</summary>
internal sealed record ChoiceBranch(ChoiceRule Rule, string Next, PayloadTemplate? Assign);

/// <summary>The value a comparison tests against: a literal, or (for the ...Path operators) a path.</summary>
internal sealed record ComparisonOperand(JsonNode? Literal, JsonPath.JsonPathExpression? Path);
