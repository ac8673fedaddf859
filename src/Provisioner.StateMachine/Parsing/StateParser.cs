using System.Text.Json.Nodes;

using Provisioner.Core.Json;
using Provisioner.Core.Time;
using Provisioner.StateMachine.Intrinsics;
using Provisioner.StateMachine.Json;
using Provisioner.StateMachine.JsonPath;
using Provisioner.StateMachine.Payload;
using Provisioner.StateMachine.States;

namespace Provisioner.StateMachine.Parsing;

/// <summary>Parses one state by its Type into its immutable record.</summary>
internal static class StateParser
{
    private static readonly string[] Common = ["Type", "Comment", "QueryLanguage"];
    private static readonly string[] Flow = ["Next", "End"];
    private static readonly string[] InOut = ["InputPath", "OutputPath"];

    /// <summary>The fields of every <see cref="ExecutionState"/> (Task, Parallel, Map), read by <see cref="WithExecution{T}"/>.</summary>
    private static readonly string[] Execution = ["ResultSelector", "ResultPath", "Retry", "Catch"];
    private static readonly string[] WaitFields = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"];
    private static readonly string[] DistributedMapFields = ["ItemReader", "ResultWriter", "ItemBatcher", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ToleratedFailureCount", "ToleratedFailureCountPath", "Label"];

    /// <summary>Each state type's fields, each named once: the shared groups above plus the type's own.</summary>
    private static readonly Dictionary<string, HashSet<string>> AllowedFields = new(StringComparer.Ordinal)
    {
        ["Pass"] = Fields(Flow, InOut, ["Parameters", "Result", "ResultPath", "Assign"]),
        ["Task"] = Fields(Flow, InOut, Execution, ["Parameters", "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials", "Assign"]),
        ["Choice"] = Fields(InOut, ["Choices", "Default", "Assign"]),
        ["Wait"] = Fields(Flow, InOut, WaitFields, ["Assign"]),
        ["Succeed"] = Fields(InOut),
        ["Fail"] = Fields(["Error", "ErrorPath", "Cause", "CausePath"]),
        ["Parallel"] = Fields(Flow, InOut, Execution, ["Parameters", "Branches", "Assign"]),
        ["Map"] = Fields(Flow, InOut, Execution, DistributedMapFields, ["ItemsPath", "ItemSelector", "Parameters", "MaxConcurrency", "MaxConcurrencyPath", "ItemProcessor", "Iterator", "Assign"]),
    };

    public static IEnumerable<string> Types => AllowedFields.Keys;

    public static State? Parse(string name, FieldReader reader, DefinitionParser parser)
    {
        var type = reader.String("Type", required: true);
        if (type is null)
        {
            return null;
        }

        if (!AllowedFields.TryGetValue(type, out var allowed))
        {
            reader.Error("Type", $"'{type}' is not a state type; expected one of {string.Join(", ", AllowedFields.Keys)}.");
            return null;
        }

        reader.RejectUnknown(allowed, $"a {type} state");
        DefinitionParser.CheckQueryLanguage(reader);
        State? state = type switch
        {
            "Pass" => new PassState
            {
                Name = name,
                Pointer = reader.Pointer,
                Parameters = reader.Template("Parameters", objectOnly: false),
                Result = reader.Node["Result"]?.DeepClone(),
                HasResult = reader.Has("Result"),
                ResultPath = reader.DataPath("ResultPath", reference: true),
            },
            "Task" => ParseTask(name, reader),
            "Choice" => new ChoiceState
            {
                Name = name,
                Pointer = reader.Pointer,
                Choices = ChoiceRuleParser.ParseChoices(reader),
                Default = reader.String("Default"),
            },
            "Wait" => ParseWait(name, reader),
            "Succeed" => new SucceedState { Name = name, Pointer = reader.Pointer },
            "Fail" => ParseFail(name, reader),
            "Parallel" => ParseParallel(name, reader, parser),
            _ => ParseMap(name, reader, parser),
        };

        if (state is null)
        {
            return null;
        }

        var next = reader.String("Next");
        var end = reader.Boolean("End");
        if (allowed.Contains("Next"))
        {
            if (next is null && !end)
            {
                reader.Errors.Add(new DefinitionError(reader.Pointer, $"A {type} state must have either 'Next' or '\"End\": true'."));
            }
            else if (next is not null && end)
            {
                reader.Errors.Add(new DefinitionError(reader.Pointer, $"A {type} state cannot have both 'Next' and '\"End\": true'."));
            }
        }

        return state with
        {
            Comment = reader.String("Comment"),
            Next = next,
            End = end,
            InputPath = reader.DataPath("InputPath"),
            OutputPath = reader.DataPath("OutputPath"),
            Assign = ParseAssign(reader),
        };
    }

    /// <summary>Assign: an object whose keys (without a trailing <c>.$</c>) are variable names.</summary>
    public static PayloadTemplate? ParseAssign(FieldReader reader)
    {
        var assign = reader.Object("Assign");
        if (assign is null)
        {
            return null;
        }

        foreach (var (key, _) in assign.Node)
        {
            var name = key.EndsWith(".$", StringComparison.Ordinal) ? key[..^2] : key;
            if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsLetterOrDigit(c) || c == '_'))
            {
                assign.Error(key, $"'{name}' is not a valid variable name: use letters, digits and '_', not starting with a digit.");
            }
        }

        return reader.Template("Assign");
    }

    private static TaskState? ParseTask(string name, FieldReader reader)
    {
        var resource = reader.String("Resource", required: true);
        var timeout = reader.Integer("TimeoutSeconds", 1, "a positive integer");
        var heartbeat = reader.Integer("HeartbeatSeconds", 1, "a positive integer");
        ExclusiveOr(reader, "TimeoutSeconds", "TimeoutSecondsPath");
        ExclusiveOr(reader, "HeartbeatSeconds", "HeartbeatSecondsPath");
        if (timeout is not null && heartbeat is not null && heartbeat >= timeout)
        {
            reader.Error("HeartbeatSeconds", "HeartbeatSeconds must be smaller than TimeoutSeconds.");
        }

        var parameters = reader.Template("Parameters", objectOnly: false);
        var task = WithExecution(reader, new TaskState
        {
            Name = name,
            Pointer = reader.Pointer,
            Resource = resource ?? string.Empty,
            Parameters = parameters,
        });
        return task with
        {
            TimeoutSeconds = timeout,
            TimeoutSecondsPath = reader.Path("TimeoutSecondsPath", reference: false),
            HeartbeatSeconds = heartbeat,
            HeartbeatSecondsPath = reader.Path("HeartbeatSecondsPath", reference: false),
        };
    }

    /// <summary>Reads the <see cref="Execution"/> fields onto a Task, Parallel or Map state.</summary>
    private static T WithExecution<T>(FieldReader reader, T state)
        where T : ExecutionState => (T)((ExecutionState)state with
        {
            ResultSelector = reader.Template("ResultSelector"),
            ResultPath = reader.DataPath("ResultPath", reference: true),
            Retry = ErrorHandlingParser.ParseRetry(reader),
            Catch = ErrorHandlingParser.ParseCatch(reader),
        });

    private static WaitState ParseWait(string name, FieldReader reader)
    {
        var present = WaitFields.Where(reader.Has).ToList();
        if (present.Count != 1)
        {
            reader.Errors.Add(new DefinitionError(reader.Pointer, "A Wait state needs exactly one of Seconds, SecondsPath, Timestamp or TimestampPath."));
        }

        DateTimeOffset? timestamp = null;
        if (reader.String("Timestamp") is { } text)
        {
            if (Rfc3339.TryParse(text, out var t))
            {
                timestamp = t;
            }
            else
            {
                reader.Error("Timestamp", $"'{text}' is not an RFC 3339 timestamp such as 2016-03-14T01:59:00Z.");
            }
        }

        return new WaitState
        {
            Name = name,
            Pointer = reader.Pointer,
            Seconds = reader.Integer("Seconds", 0, "a non-negative integer"),
            SecondsPath = reader.Path("SecondsPath"),
            Timestamp = timestamp,
            TimestampPath = reader.Path("TimestampPath"),
        };
    }

    private static FailState ParseFail(string name, FieldReader reader)
    {
        ExclusiveOr(reader, "Error", "ErrorPath");
        ExclusiveOr(reader, "Cause", "CausePath");
        var (errorPath, errorCall) = PathOrCall(reader, "ErrorPath");
        var (causePath, causeCall) = PathOrCall(reader, "CausePath");
        return new FailState
        {
            Name = name,
            Pointer = reader.Pointer,
            Error = reader.String("Error"),
            Cause = reader.String("Cause"),
            ErrorPath = errorPath,
            ErrorCall = errorCall,
            CausePath = causePath,
            CauseCall = causeCall,
        };
    }

    private static (JsonPathExpression? Path, IntrinsicCall? Call) PathOrCall(FieldReader reader, string field)
    {
        var text = reader.String(field);
        if (text is null)
        {
            return (null, null);
        }

        if (!IntrinsicCall.LooksLikeCall(text))
        {
            return (reader.ParsePath(field, text, reference: false), null);
        }

        try
        {
            return (null, IntrinsicCall.Parse(text));
        }
        catch (JsonPathException e)
        {
            reader.Error(field, e.Message);
            return (null, null);
        }
    }

    private static ParallelState ParseParallel(string name, FieldReader reader, DefinitionParser parser)
    {
        var branches = new List<Definition.StateMachineBody>();
        var array = reader.Array("Branches", required: true);
        if (array is { Count: 0 })
        {
            reader.Error("Branches", "Branches must contain at least one branch.");
        }

        for (var i = 0; array is not null && i < array.Count; i++)
        {
            var pointer = JsonPointer.Append(reader.At("Branches"), i);
            if (array[i] is JsonObject branch)
            {
                if (parser.ParseBody(new FieldReader(branch, pointer, reader.Errors), "a Parallel branch") is { } body)
                {
                    branches.Add(body);
                }
            }
            else
            {
                reader.Errors.Add(new DefinitionError(pointer, "A branch must be an object with StartAt and States."));
            }
        }

        return WithExecution(reader, new ParallelState
        {
            Name = name,
            Pointer = reader.Pointer,
            Branches = branches,
            Parameters = reader.Template("Parameters", objectOnly: false),
        });
    }

    private static MapState? ParseMap(string name, FieldReader reader, DefinitionParser parser)
    {
        foreach (var distributed in DistributedMapFields)
        {
            if (reader.Has(distributed))
            {
                reader.Error(distributed, $"'{distributed}' belongs to a Distributed Map, which this engine does not run; only inline Map is supported.");
            }
        }

        ExclusiveOr(reader, "ItemSelector", "Parameters");
        ExclusiveOr(reader, "ItemProcessor", "Iterator");
        ExclusiveOr(reader, "MaxConcurrency", "MaxConcurrencyPath");
        var processorField = reader.Has("Iterator") ? "Iterator" : "ItemProcessor";
        var processor = reader.Object(processorField);
        if (processor is null)
        {
            if (!reader.Has("Iterator") && !reader.Has("ItemProcessor"))
            {
                reader.Errors.Add(new DefinitionError(reader.Pointer, "A Map state needs an ItemProcessor (or the older Iterator)."));
            }

            return null;
        }

        if (processor.Object("ProcessorConfig") is { } config)
        {
            config.RejectUnknown(new HashSet<string>(StringComparer.Ordinal) { "Mode", "ExecutionType" }, "ProcessorConfig");
            if (config.String("Mode") is { } mode && mode != "INLINE")
            {
                config.Error("Mode", $"ProcessorConfig Mode '{mode}' is not supported: this engine runs inline Map only (Mode INLINE).");
            }
        }

        var body = parser.ParseBody(processor, "a Map ItemProcessor", allowProcessorConfig: true);
        return body is null ? null : WithExecution(reader, new MapState
        {
            Name = name,
            Pointer = reader.Pointer,
            ItemProcessor = body,
            ItemsPath = reader.DataPath("ItemsPath"),
            ItemSelector = reader.Template("ItemSelector") ?? reader.Template("Parameters"),
            MaxConcurrency = (int)(reader.Integer("MaxConcurrency", 0, "a non-negative integer") ?? 0),
            MaxConcurrencyPath = reader.Path("MaxConcurrencyPath"),
        });
    }

    private static void ExclusiveOr(FieldReader reader, string a, string b)
    {
        if (reader.Has(a) && reader.Has(b))
        {
            reader.Errors.Add(new DefinitionError(reader.Pointer, $"'{a}' and '{b}' cannot both be set."));
        }
    }

    private static HashSet<string> Fields(params string[][] groups) =>
        new(Common.Concat(groups.SelectMany(g => g)), StringComparer.Ordinal);
}
