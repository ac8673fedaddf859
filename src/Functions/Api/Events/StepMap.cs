using System.Reflection;
using System.Text.Json.Nodes;

namespace Provisioner.Functions.Api.Events;

/// <summary>Where one ASL state sits in the demo's vocabulary: its step (<c>CreateAmi</c>, <c>CreateAsg.Undo</c>) and branch.</summary>
public sealed record StepInfo(string Step, string? Branch);

/// <summary>
/// State name -> (step, branch), read from the embedded <c>statemachine/*.asl.json</c> rather than written by
/// hand, so renaming a state cannot silently break the feed. A Task's Resource placeholder names its handler
/// (<c>${CreateAmiRunFunctionArn}</c> is <c>CreateAmi.Run</c>): Run and Check are the step itself, Undo is
/// <c>X.Undo</c>. The branch is the first step of the enclosing Parallel branch.
/// </summary>
public sealed class StepMap
{
    private readonly Dictionary<string, StepInfo> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _waits = new(StringComparer.Ordinal);

    private StepMap()
    {
    }

    /// <summary>The map of the provision and teardown state machines embedded in this assembly.</summary>
    public static StepMap Embedded { get; } = FromDefinitions(
        EmbeddedText("statemachine/provision.asl.json"),
        EmbeddedText("statemachine/teardown.asl.json"));

    public static StepMap FromDefinitions(params string[] definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var map = new StepMap();
        foreach (var definition in definitions)
        {
            map.Add(JsonNode.Parse(definition)?["States"] as JsonObject, branch: null);
        }
        return map;
    }

    /// <summary>The step a Task state runs; null for states that are not steps.</summary>
    public StepInfo? Task(string stateName) => _tasks.GetValueOrDefault(stateName);

    /// <summary>Whether the state is a Wait state, and its branch.</summary>
    public bool IsWait(string stateName, out string? branch) => _waits.TryGetValue(stateName, out branch);

    /// <summary>The handler a Resource placeholder names, e.g. <c>${CreateAmiRunFunctionArn}</c> -> <c>CreateAmi.Run</c>.</summary>
    public static string? HandlerOf(string? resource)
    {
        if (resource is null || !resource.StartsWith("${", StringComparison.Ordinal) || !resource.EndsWith("FunctionArn}", StringComparison.Ordinal))
        {
            return null;
        }
        var name = resource[2..^"FunctionArn}".Length];
        foreach (var kind in (string[])["Run", "Undo", "Check"])
        {
            if (name.Length > kind.Length && name.EndsWith(kind, StringComparison.Ordinal))
            {
                return $"{name[..^kind.Length]}.{kind}";
            }
        }
        return null;
    }

    /// <summary>The demo's step name for a handler: <c>X.Run</c> and <c>X.Check</c> are <c>X</c>, <c>X.Undo</c> stays.</summary>
    public static string StepOf(string handler) =>
        handler.EndsWith(".Undo", StringComparison.Ordinal) ? handler : handler[..handler.LastIndexOf('.')];

    private void Add(JsonObject? states, string? branch)
    {
        foreach (var (name, node) in states ?? [])
        {
            if (node is not JsonObject state)
            {
                continue;
            }
            switch ((string?)state["Type"])
            {
                case "Task":
                    var handler = HandlerOf((string?)state["Resource"]);
                    _tasks[name] = new StepInfo(handler is null ? name : StepOf(handler), branch);
                    break;
                case "Wait":
                    _waits[name] = branch;
                    break;
                case "Parallel":
                    foreach (var item in state["Branches"] as JsonArray ?? [])
                    {
                        var inner = item?["States"] as JsonObject;
                        Add(inner, FirstStep(inner) ?? branch);
                    }
                    break;
                case "Map":
                    Add((state["ItemProcessor"] ?? state["Iterator"])?["States"] as JsonObject, branch);
                    break;
            }
        }
    }

    private static string? FirstStep(JsonObject? states) =>
        (states ?? []).Select(s => s.Value is JsonObject state && (string?)state["Type"] == "Task"
                ? HandlerOf((string?)state["Resource"]) is { } handler ? StepOf(handler) : s.Key
                : null)
            .FirstOrDefault(s => s is not null);

    private static string EmbeddedText(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The state machine '{name}' is not embedded in {Assembly.GetExecutingAssembly().GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
