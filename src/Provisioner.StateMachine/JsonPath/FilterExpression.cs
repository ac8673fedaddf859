using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Provisioner.StateMachine.Json;

namespace Provisioner.StateMachine.JsonPath;

/// <summary>The body of a <c>[?( ... )]</c> filter, evaluated against each candidate node <c>@</c>.</summary>
internal abstract record FilterExpression
{
    public abstract bool Test(JsonNode? current, JsonNode? root);
}

internal sealed record FilterOr(FilterExpression Left, FilterExpression Right) : FilterExpression
{
    public override bool Test(JsonNode? current, JsonNode? root) => Left.Test(current, root) || Right.Test(current, root);
}

internal sealed record FilterAnd(FilterExpression Left, FilterExpression Right) : FilterExpression
{
    public override bool Test(JsonNode? current, JsonNode? root) => Left.Test(current, root) && Right.Test(current, root);
}

internal sealed record FilterNot(FilterExpression Inner) : FilterExpression
{
    public override bool Test(JsonNode? current, JsonNode? root) => !Inner.Test(current, root);
}

/// <summary>A bare operand such as <c>@.isbn</c>: true when the path selects something.</summary>
internal sealed record FilterExists(FilterOperand Operand) : FilterExpression
{
    public override bool Test(JsonNode? current, JsonNode? root) => Operand.TryResolve(current, root, out _);
}

internal sealed record FilterComparison(FilterOperand Left, string Operator, FilterOperand Right) : FilterExpression
{
    public override bool Test(JsonNode? current, JsonNode? root)
    {
        if (!Left.TryResolve(current, root, out var left) || !Right.TryResolve(current, root, out var right))
        {
            return false;
        }

        return Operator switch
        {
            "==" => JsonNode.DeepEquals(left, right),
            "!=" => !JsonNode.DeepEquals(left, right),
            "=~" => right is JsonValue pattern && left is JsonValue text
                && pattern.GetValueKind() == JsonValueKind.String && text.GetValueKind() == JsonValueKind.String
                && Regex.IsMatch(text.GetValue<string>(), TrimRegexLiteral(pattern.GetValue<string>()), RegexOptions.None, TimeSpan.FromSeconds(1)),
            _ => CompareOrdered(left, right) is { } order && Operator switch
            {
                "<" => order < 0,
                "<=" => order <= 0,
                ">" => order > 0,
                ">=" => order >= 0,
                _ => false,
            },
        };
    }

    private static int? CompareOrdered(JsonNode? left, JsonNode? right)
    {
        if (left is not JsonValue l || right is not JsonValue r)
        {
            return null;
        }

        var lk = l.GetValueKind();
        var rk = r.GetValueKind();
        if (lk == JsonValueKind.Number && rk == JsonValueKind.Number)
        {
            return JsonNumbers.Compare(l, r);
        }

        if (lk == JsonValueKind.String && rk == JsonValueKind.String)
        {
            return string.CompareOrdinal(l.GetValue<string>(), r.GetValue<string>());
        }

        return null;
    }

    private static string TrimRegexLiteral(string pattern) =>
        pattern.Length >= 2 && pattern[0] == '/' && pattern[^1] == '/' ? pattern[1..^1] : pattern;
}

/// <summary>One side of a filter comparison: <c>@...</c>, <c>$...</c> or a JSON literal.</summary>
internal abstract record FilterOperand
{
    public abstract bool TryResolve(JsonNode? current, JsonNode? root, out JsonNode? value);
}

internal sealed record FilterPathOperand(bool Relative, IReadOnlyList<JsonPathSegment> Segments) : FilterOperand
{
    public override bool TryResolve(JsonNode? current, JsonNode? root, out JsonNode? value)
    {
        var matches = JsonPathEvaluator.Select(Relative ? current : root, Segments, root);
        if (matches.Count == 1)
        {
            value = matches[0];
            return true;
        }

        value = null;
        return false;
    }
}

internal sealed record FilterLiteralOperand(JsonNode? Value) : FilterOperand
{
    public override bool TryResolve(JsonNode? current, JsonNode? root, out JsonNode? value)
    {
        value = Value;
        return true;
    }
}
