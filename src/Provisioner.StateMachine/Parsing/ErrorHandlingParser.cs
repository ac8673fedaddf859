using System.Text.Json.Nodes;

using Provisioner.Core.Json;
using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.Json;
using Provisioner.StateMachine.Retry;

namespace Provisioner.StateMachine.Parsing;

/// <summary>Parses Retry and Catch, enforcing that States.ALL stands alone and last.</summary>
internal static class ErrorHandlingParser
{
    private static readonly HashSet<string> RetrierFields = new(StringComparer.Ordinal)
    {
        "ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment",
    };

    private static readonly HashSet<string> CatcherFields = new(StringComparer.Ordinal)
    {
        "ErrorEquals", "Next", "ResultPath", "Assign", "Comment",
    };

    public static IReadOnlyList<Retrier> ParseRetry(FieldReader state) =>
        ParseEntries(state, "Retry", "Retrier", RetrierFields, (reader, errors) =>
        {
            var jitter = reader.String("JitterStrategy") switch
            {
                null or "NONE" => JitterStrategy.None,
                "FULL" => JitterStrategy.Full,
                var other => Invalid(reader, "JitterStrategy", $"JitterStrategy must be FULL or NONE, not '{other}'."),
            };
            return new Retrier(
                errors,
                reader.Integer("IntervalSeconds", 1, "a positive integer") ?? 1,
                (int)(reader.Integer("MaxAttempts", 0, "a non-negative integer") ?? 3),
                reader.Number("BackoffRate", 1.0, "a number greater than or equal to 1.0") ?? 2.0,
                (int?)reader.Integer("MaxDelaySeconds", 1, "a positive integer"),
                jitter);
        });

    public static IReadOnlyList<Catcher> ParseCatch(FieldReader state) =>
        ParseEntries(state, "Catch", "Catcher", CatcherFields, (reader, errors) =>
        {
            var next = reader.String("Next", required: true) ?? string.Empty;
            return new Catcher(errors, next, reader.DataPath("ResultPath", reference: true), StateParser.ParseAssign(reader));
        });

    /// <summary>
    /// What Retry and Catch share: an optional array of objects (<paramref name="kind"/>: Retrier or Catcher), each with
    /// only <paramref name="fields"/> and an ErrorEquals; <paramref name="parse"/> reads the rest of one entry.
    /// </summary>
    private static List<T> ParseEntries<T>(FieldReader state, string field, string kind, IReadOnlySet<string> fields, Func<FieldReader, List<string>, T> parse)
    {
        var array = state.Array(field);
        if (array is null)
        {
            return [];
        }

        var result = new List<T>();
        for (var i = 0; i < array.Count; i++)
        {
            var pointer = JsonPointer.Append(state.At(field), i);
            if (array[i] is not JsonObject obj)
            {
                state.Errors.Add(new DefinitionError(pointer, $"A {kind} must be an object."));
                continue;
            }

            var reader = new FieldReader(obj, pointer, state.Errors);
            reader.RejectUnknown(fields, $"a {kind}");
            result.Add(parse(reader, ParseErrorEquals(reader, i, array.Count, kind)));
        }

        return result;
    }

    private static List<string> ParseErrorEquals(FieldReader reader, int index, int count, string kind)
    {
        var array = reader.Array("ErrorEquals", required: true);
        var names = new List<string>();
        if (array is null)
        {
            return names;
        }

        if (array.Count == 0)
        {
            reader.Error("ErrorEquals", "ErrorEquals must list at least one error name.");
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (!Pointers.IsString(array[i], out var name))
            {
                reader.Errors.Add(new DefinitionError(JsonPointer.Append(reader.At("ErrorEquals"), i), "An error name must be a string."));
                continue;
            }

            if (name.StartsWith("States.", StringComparison.Ordinal) && !StatesErrorNames.Known.Contains(name))
            {
                reader.Errors.Add(new DefinitionError(JsonPointer.Append(reader.At("ErrorEquals"), i), $"'{name}' is not a predefined States.* error name."));
            }

            names.Add(name);
        }

        if (names.Contains(StatesErrorNames.All))
        {
            if (names.Count > 1)
            {
                reader.Error("ErrorEquals", "States.ALL must appear alone in its ErrorEquals.");
            }

            if (index != count - 1)
            {
                reader.Error("ErrorEquals", $"A {kind} with States.ALL must be the last one.");
            }
        }

        return names;
    }

    private static JitterStrategy Invalid(FieldReader reader, string field, string message)
    {
        reader.Error(field, message);
        return JitterStrategy.None;
    }
}
