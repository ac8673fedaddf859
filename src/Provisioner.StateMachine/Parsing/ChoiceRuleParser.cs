using System.Text.Json;
using System.Text.Json.Nodes;

using Provisioner.Core.Json;
using Provisioner.Core.Time;
using Provisioner.StateMachine.Choice;
using Provisioner.StateMachine.Json;

namespace Provisioner.StateMachine.Parsing;

/// <summary>Parses Choices: top-level rules carry Next (and Assign); nested rules must not.</summary>
internal static class ChoiceRuleParser
{
    public static IReadOnlyList<ChoiceBranch> ParseChoices(FieldReader state)
    {
        var array = state.Array("Choices", required: true);
        var result = new List<ChoiceBranch>();
        if (array is null)
        {
            return result;
        }

        if (array.Count == 0)
        {
            state.Error("Choices", "Choices must contain at least one rule.");
        }

        for (var i = 0; i < array.Count; i++)
        {
            var pointer = JsonPointer.Append(state.At("Choices"), i);
            if (array[i] is not JsonObject obj)
            {
                state.Errors.Add(new DefinitionError(pointer, "A choice rule must be an object."));
                continue;
            }

            var reader = new FieldReader(obj, pointer, state.Errors);
            var next = reader.String("Next", required: true);
            var rule = ParseRule(reader, topLevel: true);
            if (next is not null && rule is not null)
            {
                result.Add(new ChoiceBranch(rule, next, StateParser.ParseAssign(reader)));
            }
        }

        return result;
    }

    private static ChoiceRule? ParseRule(FieldReader reader, bool topLevel)
    {
        if (!topLevel && reader.Has("Next"))
        {
            reader.Error("Next", "Only top-level choice rules may have Next.");
        }

        if (!topLevel && reader.Has("Assign"))
        {
            reader.Error("Assign", "Only top-level choice rules may have Assign.");
        }

        if (reader.Has("And") || reader.Has("Or"))
        {
            var field = reader.Has("And") ? "And" : "Or";
            var array = reader.Array(field);
            if (array is null)
            {
                return null;
            }

            if (array.Count == 0)
            {
                reader.Error(field, $"{field} must contain at least one rule.");
            }

            var rules = new List<ChoiceRule>();
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject child)
                {
                    reader.Errors.Add(new DefinitionError(JsonPointer.Append(reader.At(field), i), "A choice rule must be an object."));
                    continue;
                }

                if (ParseRule(new FieldReader(child, JsonPointer.Append(reader.At(field), i), reader.Errors), topLevel: false) is { } rule)
                {
                    rules.Add(rule);
                }
            }

            return field == "And" ? new AndRule(rules) : new OrRule(rules);
        }

        if (reader.Has("Not"))
        {
            var inner = reader.Object("Not");
            return inner is null ? null : ParseRule(inner, topLevel: false) is { } rule ? new NotRule(rule) : null;
        }

        return ParseComparison(reader);
    }

    private static ComparisonRule? ParseComparison(FieldReader reader)
    {
        var operators = reader.Node.Select(p => p.Key).Where(k => ComparisonOperator.TryGet(k, out _)).ToList();
        var unknown = reader.Node.Select(p => p.Key)
            .Where(k => k is not ("Variable" or "Next" or "Comment" or "Assign") && !ComparisonOperator.TryGet(k, out _)).ToList();
        foreach (var key in unknown)
        {
            reader.Error(key, $"'{key}' is not a choice rule operator.");
        }

        var variable = reader.Path("Variable");
        if (!reader.Has("Variable"))
        {
            reader.Errors.Add(new DefinitionError(reader.Pointer, "A comparison rule needs a Variable."));
        }

        if (operators.Count != 1)
        {
            reader.Errors.Add(new DefinitionError(reader.Pointer,
                operators.Count == 0 ? "A choice rule needs And, Or, Not or exactly one comparison operator." : "A choice rule may have only one comparison operator."));
            return null;
        }

        ComparisonOperator.TryGet(operators[0], out var op);
        var value = reader.Node[op.Name];
        ComparisonOperand operand;
        if (op.IsPath)
        {
            var path = reader.Path(op.Name);
            operand = new ComparisonOperand(null, path);
            if (path is null)
            {
                return null;
            }
        }
        else
        {
            var ok = op.OperandKind switch
            {
                JsonValueKind.String => JsonNumbers.IsString(value),
                JsonValueKind.Number => JsonNumbers.IsNumber(value),
                _ => JsonNumbers.IsBoolean(value),
            };
            if (ok && op.Kind == OperatorKind.Timestamp && !Rfc3339.TryParse(value!.GetValue<string>(), out _))
            {
                reader.Error(op.Name, $"The value of {op.Name} must be an RFC 3339 timestamp such as 2016-03-14T01:59:00Z.");
            }
            else if (!ok)
            {
                var kind = op.OperandKind switch { JsonValueKind.String => "a string", JsonValueKind.Number => "a number", _ => "a boolean" };
                reader.Error(op.Name, $"The value of {op.Name} must be {kind}.");
            }

            operand = new ComparisonOperand(value?.DeepClone(), null);
        }

        return variable is null ? null : new ComparisonRule(variable, op, operand);
    }
}
