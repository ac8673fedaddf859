using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Provisioner.StateMachine.Tests.Conformance;

/// <summary>How one execution ended, on any interpreter (this engine, moto, aws-local-stepfunctions).</summary>
public sealed record Outcome(string Status, JsonNode? Output, string? Error, string? Cause)
{
    public static Outcome From(ExecutionResult result) => new(
        result.Status,
        result.OutputJson is null ? null : JsonNode.Parse(result.OutputJson),
        result.Error,
        result.Cause);

    public override string ToString() => Status switch
    {
        "SUCCEEDED" => $"SUCCEEDED output={Output?.ToJsonString() ?? "null"}",
        _ => $"{Status} error={Error ?? "null"} cause={Cause ?? "null"}",
    };
}

/// <summary>Compares outcomes with a case's expectations; every difference becomes one readable line.</summary>
public static class OutcomeComparer
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Differences between <paramref name="actual"/> and what the documentation says.</summary>
    public static List<string> AgainstExpected(ExpectedOutcome expected, Outcome actual)
    {
        var problems = new List<string>();
        if (actual.Status != expected.Status)
        {
            problems.Add($"status {actual.Status}, expected {expected.Status}");
        }
        if (expected.Status == "SUCCEEDED" && actual.Status == "SUCCEEDED")
        {
            problems.AddRange(CheckMatches(expected.Matches, actual.Output));
            if (expected.HasOutput)
            {
                var want = WithoutPointers(expected.Output, expected.Matches);
                var got = WithoutPointers(actual.Output, expected.Matches);
                if (!JsonNode.DeepEquals(want, got))
                {
                    problems.Add($"output {Show(got)}, expected {Show(want)}");
                }
            }
        }
        if (expected.Status == "FAILED" && actual.Status == "FAILED")
        {
            if (actual.Error != expected.Error)
            {
                problems.Add($"error '{actual.Error}', expected '{expected.Error}'");
            }
            if (expected.HasCause && actual.Cause != expected.Cause)
            {
                problems.Add($"cause '{actual.Cause}', expected '{expected.Cause}'");
            }
            if (expected.CauseRegex is { } pattern && (actual.Cause is null || !Regex.IsMatch(actual.Cause, pattern, RegexOptions.None, RegexTimeout)))
            {
                problems.Add($"cause '{actual.Cause}' does not match /{pattern}/");
            }
        }
        if (actual.Status is not "SUCCEEDED" && expected.Status is "SUCCEEDED")
        {
            problems.Add($"actual: {actual}");
        }
        return problems;
    }

    /// <summary>
    /// Differences between two interpreters on the same case: status, output (outside the pointers the
    /// case checks by pattern), error name, and the cause when the documentation fixes it.
    /// </summary>
    public static List<string> Between(ConformanceCase @case, Outcome engine, Outcome peer)
    {
        var problems = new List<string>();
        if (engine.Status != peer.Status)
        {
            problems.Add($"status: engine {engine}, peer {peer}");
            return problems;
        }
        if (engine.Status == "SUCCEEDED")
        {
            var a = WithoutPointers(engine.Output, @case.Expected.Matches);
            var b = WithoutPointers(peer.Output, @case.Expected.Matches);
            if (!JsonNode.DeepEquals(a, b))
            {
                problems.Add($"output: engine {Show(a)}, peer {Show(b)}");
            }
            problems.AddRange(CheckMatches(@case.Expected.Matches, peer.Output).Select(p => "peer " + p));
        }
        else
        {
            if (engine.Error != peer.Error)
            {
                problems.Add($"error: engine '{engine.Error}', peer '{peer.Error}'");
            }
            if (@case.Expected.HasCause && engine.Cause != peer.Cause)
            {
                problems.Add($"cause: engine '{engine.Cause}', peer '{peer.Cause}'");
            }
        }
        return problems;
    }

    private static IEnumerable<string> CheckMatches(IReadOnlyList<ValueMatch> matches, JsonNode? output)
    {
        foreach (var m in matches)
        {
            if (!TryResolve(output, m.Pointer, out var value))
            {
                yield return $"{m.Pointer}: missing from output {Show(output)}";
                continue;
            }
            if (m.Type is { } type && Kind(value) != type)
            {
                yield return $"{m.Pointer}: {Show(value)} is {Kind(value)}, expected {type}";
            }
            if (m.Regex is { } pattern)
            {
                var text = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
                if (text is null || !Regex.IsMatch(text, pattern, RegexOptions.None, RegexTimeout))
                {
                    yield return $"{m.Pointer}: {Show(value)} does not match /{pattern}/";
                }
            }
            if (m.Min is not null || m.MaxExclusive is not null)
            {
                if (value is not JsonValue n || n.GetValueKind() != JsonValueKind.Number)
                {
                    yield return $"{m.Pointer}: {Show(value)} is not a number";
                }
                else
                {
                    var x = n.GetValue<double>();
                    if (x < (m.Min ?? double.MinValue) || x >= (m.MaxExclusive ?? double.MaxValue))
                    {
                        yield return string.Create(CultureInfo.InvariantCulture, $"{m.Pointer}: {x} is outside [{m.Min}, {m.MaxExclusive})");
                    }
                }
            }
            if (m.SameAs is { } other && (!TryResolve(output, other, out var otherValue) || !JsonNode.DeepEquals(value, otherValue)))
            {
                yield return $"{m.Pointer}: {Show(value)} differs from {other}";
            }
        }
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "unknown",
    };

    /// <summary>A copy of <paramref name="node"/> with the matched pointers removed (they are checked separately).</summary>
    private static JsonNode? WithoutPointers(JsonNode? node, IReadOnlyList<ValueMatch> matches)
    {
        if (matches.Count == 0 || node is null)
        {
            return node;
        }
        var copy = node.DeepClone();
        foreach (var m in matches)
        {
            if (m.Pointer.Length == 0)
            {
                return null;
            }
            var slash = m.Pointer.LastIndexOf('/');
            if (TryResolve(copy, m.Pointer[..slash], out var parent))
            {
                var last = Unescape(m.Pointer[(slash + 1)..]);
                switch (parent)
                {
                    case JsonObject o:
                        o.Remove(last);
                        break;
                    case JsonArray a when int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                        a[i] = "(checked by pattern)";
                        break;
                }
            }
        }
        return copy;
    }

    private static bool TryResolve(JsonNode? node, string pointer, out JsonNode? value)
    {
        value = node;
        if (pointer.Length == 0)
        {
            return true;
        }
        foreach (var raw in pointer.Split('/')[1..])
        {
            var token = Unescape(raw);
            switch (value)
            {
                case JsonObject o when o.TryGetPropertyValue(token, out var child):
                    value = child;
                    break;
                case JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                    value = a[i];
                    break;
                default:
                    value = null;
                    return false;
            }
        }
        return true;
    }

    private static string Unescape(string token) => token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
