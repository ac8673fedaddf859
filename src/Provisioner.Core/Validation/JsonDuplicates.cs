using System.Text;
using System.Text.Json;

using Provisioner.Core.Json;

namespace Provisioner.Core.Validation;

/// <summary>
/// Finds properties that repeat a name already given in the same object. System.Text.Json parses such a
/// document into a <c>JsonObject</c> that throws <see cref="ArgumentException"/> on first use, so every
/// place JSON comes in (the validator, the Lambda runtime's events, the local Step Functions API) runs
/// this first and answers <c>&lt;pointer&gt;: duplicate property</c> instead of crashing.
/// </summary>
public static class JsonDuplicates
{
    public const string Rule = "duplicate property";

    /// <summary>The JSON pointer of every repeated property, in document order. Malformed JSON ends the scan quietly: callers parse first, and the parser reports it with its position.</summary>
    public static IReadOnlyList<string> Find(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Find(Encoding.UTF8.GetBytes(json));
    }

    /// <inheritdoc cref="Find(string)"/>
    public static IReadOnlyList<string> Find(ReadOnlySpan<byte> utf8Json)
    {
        var found = new List<string>();
        // One frame per open container: its pointer, the names seen (objects) or the next index (arrays).
        var frames = new Stack<Frame>();
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256, CommentHandling = JsonCommentHandling.Skip });
        string? pending = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        var frame = frames.Peek();
                        var name = reader.GetString()!;
                        pending = JsonPointer.Append(frame.Pointer, name);
                        if (!frame.Names!.Add(name))
                        {
                            found.Add(pending);
                        }
                        continue;
                    case JsonTokenType.StartObject:
                        frames.Push(new Frame(ValuePointer(frames, pending), new HashSet<string>(StringComparer.Ordinal)));
                        break;
                    case JsonTokenType.StartArray:
                        frames.Push(new Frame(ValuePointer(frames, pending), null));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.Pop();
                        break;
                    default:
                        ValuePointer(frames, pending);
                        break;
                }
                pending = null;
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the caller's parser reports it with its position.
        }
        return found;
    }

    /// <summary>The first ten as <c>pointer: duplicate property</c>, joined by "; ", each cut and escaped for printing.</summary>
    public static string Describe(IReadOnlyList<string> pointers)
    {
        ArgumentNullException.ThrowIfNull(pointers);
        return string.Join("; ", pointers.Take(10).Select(pointer => $"{Printable.Escape(Printable.Cut(pointer))}: {Rule}"));
    }

    /// <summary>The pointer of the value just read: the pending property's, or the next index of the enclosing array.</summary>
    private static string ValuePointer(Stack<Frame> frames, string? property)
    {
        if (property is not null || frames.Count == 0)
        {
            return property ?? "";
        }
        var array = frames.Peek();
        return JsonPointer.Append(array.Pointer, array.NextIndex++);
    }

    private sealed class Frame(string pointer, HashSet<string>? names)
    {
        public string Pointer { get; } = pointer;

        public HashSet<string>? Names { get; } = names;

        public int NextIndex { get; set; }
    }
}
