using System.Text.Json.Nodes;

namespace Provisioner.StateMachine.JsonPath;

/// <summary>A parsed JSONPath such as <c>$.a[0]</c>, <c>$$.Execution.Id</c> or <c>$myVar.items[*]</c>.</summary>
internal sealed record JsonPathExpression(
    string Text,
    JsonPathRootKind Root,
    string? VariableName,
    IReadOnlyList<JsonPathSegment> Segments)
{
    /// <summary>A definite path selects at most one node and yields it as is; any other path yields an array of its matches.</summary>
    public bool IsDefinite => Segments.All(s => s.IsSingular);

    /// <summary>ASL Reference Paths (ResultPath, Choice Variable) allow only names and single indices.</summary>
    public bool IsReferencePath => Segments.All(s => s is ChildSegment or IndexSegment);

    public static JsonPathExpression Parse(string text) => JsonPathParser.Parse(text);

    /// <summary>
    /// Selects from <paramref name="start"/>, the node the root denotes. Returns false when a definite
    /// path matches nothing; the value is a live node of <paramref name="start"/> (clone before reuse).
    /// </summary>
    public bool TrySelect(JsonNode? start, out JsonNode? value)
    {
        var matches = JsonPathEvaluator.Select(start, Segments, start);
        if (IsDefinite)
        {
            value = matches.Count == 1 ? matches[0] : null;
            return matches.Count == 1;
        }

        var array = new JsonArray();
        foreach (var match in matches)
        {
            array.Add(match?.DeepClone());
        }

        value = array;
        return true;
    }

    public override string ToString() => Text;
}
