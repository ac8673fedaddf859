using System.Text.Json;
using System.Text.Json.Nodes;

using Provisioner.StateMachine.Definition;
using Provisioner.StateMachine.States;

namespace Provisioner.StateMachine.Parsing;

/// <summary>
/// ASL JSON to an immutable <see cref="StateMachineDefinition"/>. Every problem found is reported
/// at once, each with the JSON pointer of the offending field.
/// </summary>
internal sealed class DefinitionParser
{
    private const int MaxStateNameLength = 80;

    private static readonly HashSet<string> TopLevelFields = new(StringComparer.Ordinal)
    {
        "StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage",
    };

    private readonly List<DefinitionError> _errors = [];

    private DefinitionParser()
    {
    }

    public static StateMachineDefinition Parse(string definitionJson)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(definitionJson);
        }
        catch (JsonException e)
        {
            throw new AslDefinitionException([new DefinitionError(string.Empty, $"The definition is not valid JSON: {e.Message}")]);
        }

        if (root is not JsonObject obj)
        {
            throw new AslDefinitionException([new DefinitionError(string.Empty, "The definition must be a JSON object.")]);
        }

        var parser = new DefinitionParser();
        var reader = new FieldReader(obj, string.Empty, parser._errors);
        reader.RejectUnknown(TopLevelFields, "a state machine definition");
        CheckQueryLanguage(reader);
        if (reader.String("Version") is { } version && version != "1.0")
        {
            reader.Error("Version", "Version must be \"1.0\".");
        }

        var timeout = reader.Integer("TimeoutSeconds", 1, "a positive integer");
        var comment = reader.String("Comment");
        var body = parser.ParseBody(reader, "the top level", allowExtraFields: true);
        if (parser._errors.Count > 0 || body is null)
        {
            throw new AslDefinitionException(parser._errors);
        }

        return new StateMachineDefinition(body, (int?)timeout, comment);
    }

    /// <summary>JSONPath is the default and the only language this engine runs; JSONata is refused with a clear message.</summary>
    public static void CheckQueryLanguage(FieldReader reader)
    {
        switch (reader.String("QueryLanguage"))
        {
            case null or "JSONPath":
                return;
            case "JSONata":
                reader.Error("QueryLanguage", "QueryLanguage 'JSONata' is not supported by this engine yet; use JSONPath (the default).");
                return;
            case var other:
                reader.Error("QueryLanguage", $"QueryLanguage must be JSONPath or JSONata, not '{other}'.");
                return;
        }
    }

    /// <summary>StartAt + States of the top level, a Parallel branch or a Map ItemProcessor, with transitions checked.</summary>
    public StateMachineBody? ParseBody(FieldReader reader, string where, bool allowExtraFields = false, bool allowProcessorConfig = false)
    {
        if (!allowExtraFields)
        {
            var allowed = new HashSet<string>(StringComparer.Ordinal) { "StartAt", "States", "Comment" };
            if (allowProcessorConfig)
            {
                allowed.Add("ProcessorConfig");
            }

            reader.RejectUnknown(allowed, where);
        }

        var startAt = reader.String("StartAt", required: true);
        var statesReader = reader.Object("States", required: true);
        if (statesReader is null)
        {
            return null;
        }

        var states = new Dictionary<string, State>(StringComparer.Ordinal);
        foreach (var (name, node) in statesReader.Node)
        {
            if (name.Length == 0 || name.Length > MaxStateNameLength)
            {
                statesReader.Error(name, $"A state name must be 1 to {MaxStateNameLength} characters long.");
            }

            if (node is not JsonObject stateObject)
            {
                statesReader.Error(name, "A state must be a JSON object.");
                continue;
            }

            if (StateParser.Parse(name, new FieldReader(stateObject, statesReader.At(name), _errors), this) is { } state)
            {
                states[name] = state;
            }
        }

        if (statesReader.Node.Count == 0)
        {
            reader.Error("States", "States must contain at least one state.");
        }

        if (startAt is not null && !statesReader.Node.ContainsKey(startAt))
        {
            reader.Error("StartAt", $"StartAt '{startAt}' does not name a state in {where}.");
        }

        CheckTransitions(statesReader, states);
        if (startAt is not null && states.ContainsKey(startAt))
        {
            CheckReachability(statesReader, states, startAt);
        }

        return startAt is null ? null : new StateMachineBody(startAt, states);
    }

    private static IEnumerable<(string Target, string Pointer)> Transitions(State state)
    {
        if (state.Next is not null)
        {
            yield return (state.Next, state.Pointer + "/Next");
        }

        switch (state)
        {
            case ChoiceState choice:
                for (var i = 0; i < choice.Choices.Count; i++)
                {
                    yield return (choice.Choices[i].Next, $"{state.Pointer}/Choices/{i}/Next");
                }

                if (choice.Default is not null)
                {
                    yield return (choice.Default, state.Pointer + "/Default");
                }

                break;
            case ExecutionState execution:
                for (var i = 0; i < execution.Catch.Count; i++)
                {
                    yield return (execution.Catch[i].Next, $"{state.Pointer}/Catch/{i}/Next");
                }

                break;
        }
    }

    private static void CheckTransitions(FieldReader statesReader, Dictionary<string, State> states)
    {
        foreach (var state in states.Values)
        {
            foreach (var (target, pointer) in Transitions(state))
            {
                if (!statesReader.Node.ContainsKey(target))
                {
                    statesReader.Errors.Add(new DefinitionError(pointer, $"'{target}' does not name a state here (transitions cannot leave a branch)."));
                }
            }
        }
    }

    private static void CheckReachability(FieldReader statesReader, Dictionary<string, State> states, string startAt)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal) { startAt };
        var queue = new Queue<string>([startAt]);
        while (queue.Count > 0)
        {
            foreach (var (target, _) in Transitions(states[queue.Dequeue()]))
            {
                if (states.ContainsKey(target) && reached.Add(target))
                {
                    queue.Enqueue(target);
                }
            }
        }

        foreach (var name in states.Keys.Where(n => !reached.Contains(n)))
        {
            statesReader.Error(name, $"The state '{name}' is not reachable from StartAt.");
        }
    }
}
