using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioner.StateMachine.Tests.Conformance;

/// <summary>
/// One case of a conformance fixture file (<c>Conformance/Fixtures/*.json</c>): a definition, an
/// input, scripted task behaviours and the outcome the AWS documentation gives for them.
/// The file format is described in <c>Conformance/README.md</c>.
/// </summary>
public sealed record ConformanceCase(
    string File,
    string Feature,
    string Name,
    string Source,
    JsonObject Definition,
    JsonNode? Input,
    IReadOnlyDictionary<string, IReadOnlyList<TaskBehaviour>> Tasks,
    ExpectedOutcome Expected,
    string? Pending,
    bool Differential)
{
    /// <summary>Stable id used by test display names and the known-differences file: <c>file#case name</c>.</summary>
    public string Id => $"{File}#{Name}";

    /// <summary>
    /// Written as a person would write it: without escaping ', &lt;, &gt; and &amp; as \u00XX (moto's ASL
    /// parser reads intrinsic and JSONPath text from the raw definition and would not decode them).
    /// </summary>
    public string DefinitionJson => Definition.ToJsonString(Relaxed);

    public string InputJson => Input?.ToJsonString(Relaxed) ?? "null";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override string ToString() => Id;
}

/// <summary>What a scripted task does on one attempt; the last entry repeats for later attempts.</summary>
public sealed record TaskBehaviour(string Kind, JsonNode? Value, string? Error, string? Cause, JsonNode? ExpectedInput)
{
    public const string Return = "return";
    public const string Echo = "echo";
    public const string Fail = "fail";
    public const string Throw = "throw";
    public const string Hang = "hang";
    public const string ReturnLargeString = "returnLargeString";
}

/// <summary>
/// The documented outcome. <see cref="Output"/> is compared exactly after removing the pointers that
/// <see cref="Matches"/> checks by pattern or range (for values such as UUIDs and random numbers).
/// </summary>
public sealed record ExpectedOutcome(
    string Status,
    JsonNode? Output,
    bool HasOutput,
    string? Error,
    string? Cause,
    bool HasCause,
    string? CauseRegex,
    IReadOnlyList<ValueMatch> Matches,
    double? ElapsedSeconds,
    IReadOnlyDictionary<string, int> Invocations,
    IReadOnlyList<string>? Events);

/// <summary>A check on one value of the output, addressed by JSON pointer.</summary>
public sealed record ValueMatch(string Pointer, string? Regex, double? Min, double? MaxExclusive, string? SameAs, string? Type);

/// <summary>Loads the fixture files copied next to the test assembly.</summary>
public static class ConformanceFixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Conformance", "Fixtures");

    private static readonly Lazy<IReadOnlyList<ConformanceCase>> All = new(Load);

    public static IReadOnlyList<ConformanceCase> Cases => All.Value;

    public static ConformanceCase Get(string id) =>
        Cases.FirstOrDefault(c => c.Id == id) ?? throw new InvalidOperationException($"No conformance case '{id}'.");

    private static List<ConformanceCase> Load()
    {
        var cases = new List<ConformanceCase>();
        var files = System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"No fixture files in {Directory}.");
        }
        foreach (var path in files)
        {
            cases.AddRange(LoadFile(path));
        }
        return cases;
    }

    private static List<ConformanceCase> LoadFile(string path)
    {
        var file = Path.GetFileName(path);
        JsonObject root;
        try
        {
            root = JsonNode.Parse(System.IO.File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!.AsObject();
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{file}: not valid JSON: {ex.Message}", ex);
        }
        var feature = Required<string>(root, "feature", file);
        var source = Required<string>(root, "source", file);
        var pending = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root["pending"] is JsonArray pendingList)
        {
            foreach (var entry in pendingList)
            {
                pending[Required<string>(entry!.AsObject(), "case", file)] = Required<string>(entry!.AsObject(), "reason", file);
            }
        }
        var result = new List<ConformanceCase>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in root["cases"]?.AsArray() ?? throw new InvalidOperationException($"{file}: 'cases' is required."))
        {
            var item = node!.AsObject();
            var name = Required<string>(item, "name", file);
            var where = $"{file}#{name}";
            if (!names.Add(name))
            {
                throw new InvalidOperationException($"{where}: duplicate case name.");
            }
            var definition = item["definition"]?.AsObject() ?? throw new InvalidOperationException($"{where}: 'definition' is required.");
            var tasks = ParseTasks(item["tasks"] as JsonObject, where);
            var expected = ParseExpected(item["expected"] as JsonObject ?? throw new InvalidOperationException($"{where}: 'expected' is required."), where);
            var differential = item["differential"] is JsonValue d ? d.GetValue<bool>() : !ContainsTaskState(definition);
            result.Add(new ConformanceCase(
                file, feature, name,
                item["source"]?.GetValue<string>() ?? source,
                (JsonObject)definition.DeepClone(),
                item["input"]?.DeepClone(),
                tasks, expected,
                pending.Remove(name, out var reason) ? reason : null,
                differential));
        }
        if (pending.Count > 0)
        {
            throw new InvalidOperationException($"{file}: 'pending' names cases that do not exist: {string.Join(", ", pending.Keys)}.");
        }
        return result;
    }

    private static Dictionary<string, IReadOnlyList<TaskBehaviour>> ParseTasks(JsonObject? tasks, string where)
    {
        var result = new Dictionary<string, IReadOnlyList<TaskBehaviour>>(StringComparer.Ordinal);
        if (tasks is null)
        {
            return result;
        }
        foreach (var (resource, list) in tasks)
        {
            var behaviours = new List<TaskBehaviour>();
            foreach (var entry in list?.AsArray() ?? throw new InvalidOperationException($"{where}: tasks.{resource} must be an array."))
            {
                var b = entry!.AsObject();
                var expectedInput = b["expectInput"]?.DeepClone();
                if (b.ContainsKey("return"))
                {
                    behaviours.Add(new TaskBehaviour(TaskBehaviour.Return, b["return"]?.DeepClone(), null, null, expectedInput));
                }
                else if (b["echo"] is not null)
                {
                    behaviours.Add(new TaskBehaviour(TaskBehaviour.Echo, null, null, null, expectedInput));
                }
                else if (b["fail"] is JsonObject fail)
                {
                    behaviours.Add(new TaskBehaviour(TaskBehaviour.Fail, null, Required<string>(fail, "error", where), fail["cause"]?.GetValue<string>(), expectedInput));
                }
                else if (b["throw"] is JsonObject exception)
                {
                    behaviours.Add(new TaskBehaviour(TaskBehaviour.Throw, null, null, Required<string>(exception, "message", where), expectedInput));
                }
                else if (b["hang"] is not null)
                {
                    behaviours.Add(new TaskBehaviour(TaskBehaviour.Hang, null, null, null, expectedInput));
                }
                else if (b["returnLargeString"] is JsonValue size)
                {
                    behaviours.Add(new TaskBehaviour(TaskBehaviour.ReturnLargeString, size.DeepClone(), null, null, expectedInput));
                }
                else
                {
                    throw new InvalidOperationException($"{where}: unknown task behaviour {b.ToJsonString()}.");
                }
            }
            result[resource] = behaviours;
        }
        return result;
    }

    private static ExpectedOutcome ParseExpected(JsonObject e, string where)
    {
        var status = Required<string>(e, "status", where);
        var matches = new List<ValueMatch>();
        foreach (var m in e["matches"]?.AsArray() ?? [])
        {
            var o = m!.AsObject();
            matches.Add(new ValueMatch(
                Required<string>(o, "pointer", where),
                o["regex"]?.GetValue<string>(),
                o["min"]?.GetValue<double>(),
                o["maxExclusive"]?.GetValue<double>(),
                o["sameAs"]?.GetValue<string>(),
                o["type"]?.GetValue<string>()));
        }
        var invocations = new Dictionary<string, int>(StringComparer.Ordinal);
        if (e["invocations"] is JsonObject counts)
        {
            foreach (var (resource, count) in counts)
            {
                invocations[resource] = count!.GetValue<int>();
            }
        }
        if (status == "SUCCEEDED" && !e.ContainsKey("output") && matches.Count == 0)
        {
            throw new InvalidOperationException($"{where}: a SUCCEEDED case needs 'output' or 'matches'.");
        }
        if (status == "FAILED" && !e.ContainsKey("error"))
        {
            throw new InvalidOperationException($"{where}: a FAILED case needs 'error'.");
        }
        return new ExpectedOutcome(
            status,
            e["output"]?.DeepClone(),
            e.ContainsKey("output"),
            e["error"]?.GetValue<string>(),
            e["cause"]?.GetValue<string>(),
            e.ContainsKey("cause"),
            e["causeRegex"]?.GetValue<string>(),
            matches,
            e["elapsedSeconds"]?.GetValue<double>(),
            invocations,
            e["events"] is JsonArray events ? [.. events.Select(x => x!.GetValue<string>())] : null);
    }

    private static bool ContainsTaskState(JsonNode? node) => node switch
    {
        JsonObject o => (o["Type"] is JsonValue t && t.GetValueKind() == JsonValueKind.String && t.GetValue<string>() == "Task" && o.ContainsKey("Resource"))
            || o.Any(p => ContainsTaskState(p.Value)),
        JsonArray a => a.Any(ContainsTaskState),
        _ => false,
    };

    private static T Required<T>(JsonObject o, string name, string where) =>
        o[name] is JsonValue v ? v.GetValue<T>() : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{where}: '{name}' is required."));
}
