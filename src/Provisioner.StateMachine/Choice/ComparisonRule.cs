using System.Text.Json.Nodes;

using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.JsonPath;
using Provisioner.StateMachine.Payload;

namespace Provisioner.StateMachine.Choice;

/// <summary>
/// <c>{"Variable": "$.x", "NumericEquals": 3}</c> and its kin. A Variable that selects nothing is
/// a States.Runtime error, except for IsPresent; a type mismatch is simply false.
/// </summary>
internal sealed record ComparisonRule(JsonPathExpression Variable, ComparisonOperator Operator, ComparisonOperand Operand) : ChoiceRule
{
    public override bool Evaluate(PathContext paths)
    {
        var present = paths.TrySelect(Variable, out var value);
        if (Operator.Kind == OperatorKind.IsPresent)
        {
            return present == ExpectBool();
        }

        if (!present)
        {
            throw new StatesFailureException(StatesErrorNames.Runtime,
                $"Invalid path '{Variable.Text}': The choice state's condition path references an invalid value.");
        }

        JsonNode? expected;
        if (Operand.Path is { } path)
        {
            if (!paths.TrySelect(path, out expected))
            {
                throw new StatesFailureException(StatesErrorNames.Runtime,
                    $"Invalid path '{path.Text}': The choice state's condition path references an invalid value.");
            }
        }
        else
        {
            expected = Operand.Literal;
        }

        return Operator.Test(value, expected);
    }

    private bool ExpectBool() => Operand.Literal is JsonValue v && v.TryGetValue(out bool b) && b;
}
