using System.Text.Json.Nodes;

namespace Provisioner.StateMachine.JsonPath;

/// <summary>Walks parsed segments over System.Text.Json nodes; a match list distinguishes "null" from "absent".</summary>
internal static class JsonPathEvaluator
{
    public static List<JsonNode?> Select(JsonNode? start, IReadOnlyList<JsonPathSegment> segments, JsonNode? root)
    {
        var current = new List<JsonNode?> { start };
        foreach (var segment in segments)
        {
            var next = new List<JsonNode?>();
            foreach (var node in current)
            {
                Apply(segment, node, root, next);
            }

            current = next;
            if (current.Count == 0)
            {
                break;
            }
        }

        return current;
    }

    private static void Apply(JsonPathSegment segment, JsonNode? node, JsonNode? root, List<JsonNode?> output)
    {
        switch (segment)
        {
            case ChildSegment child:
                if (node is JsonObject obj && obj.TryGetPropertyValue(child.Name, out var value))
                {
                    output.Add(value);
                }

                break;
            case IndexSegment index:
                if (node is JsonArray array)
                {
                    var i = index.Index < 0 ? array.Count + index.Index : index.Index;
                    if (i >= 0 && i < array.Count)
                    {
                        output.Add(array[i]);
                    }
                }

                break;
            case WildcardSegment:
                AddChildren(node, output);
                break;
            case SliceSegment slice:
                if (node is JsonArray sliced)
                {
                    ApplySlice(slice, sliced, output);
                }

                break;
            case UnionSegment union:
                foreach (var member in union.Members)
                {
                    Apply(member, node, root, output);
                }

                break;
            case RecursiveSegment recursive:
                foreach (var descendant in SelfAndDescendants(node))
                {
                    Apply(recursive.Selector, descendant, root, output);
                }

                break;
            case FilterSegment filter:
                var candidates = new List<JsonNode?>();
                AddChildren(node, candidates);
                output.AddRange(candidates.Where(c => filter.Filter.Test(c, root)));
                break;
            case LengthFunctionSegment:
                if (node is JsonArray counted)
                {
                    output.Add(JsonValue.Create(counted.Count));
                }

                break;
            default:
                throw new InvalidOperationException($"Unknown segment {segment}.");
        }
    }

    private static void AddChildren(JsonNode? node, List<JsonNode?> output)
    {
        if (node is JsonObject obj)
        {
            output.AddRange(obj.Select(p => p.Value));
        }
        else if (node is JsonArray array)
        {
            output.AddRange(array);
        }
    }

    private static IEnumerable<JsonNode?> SelfAndDescendants(JsonNode? node)
    {
        yield return node;
        var children = new List<JsonNode?>();
        AddChildren(node, children);
        foreach (var child in children)
        {
            foreach (var d in SelfAndDescendants(child))
            {
                yield return d;
            }
        }
    }

    private static void ApplySlice(SliceSegment slice, JsonArray array, List<JsonNode?> output)
    {
        var count = array.Count;
        int Normalize(int i) => i < 0 ? Math.Max(0, count + i) : Math.Min(i, count);
        if (slice.Step > 0)
        {
            var start = Normalize(slice.Start ?? 0);
            var end = Normalize(slice.End ?? count);
            for (var i = start; i < end; i += slice.Step)
            {
                output.Add(array[i]);
            }
        }
        else
        {
            var start = slice.Start is { } s ? Math.Min(s < 0 ? count + s : s, count - 1) : count - 1;
            var end = slice.End is { } e ? (e < 0 ? count + e : e) : -1;
            for (var i = start; i > end && i >= 0; i += slice.Step)
            {
                output.Add(array[i]);
            }
        }
    }
}
