using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using Provisioner.StateMachine.Errors;
using Provisioner.StateMachine.Json;

namespace Provisioner.StateMachine.Intrinsics;

// CA1859: every function keeps the one delegate signature of the dispatch table on purpose.
#pragma warning disable CA1859

/// <summary>Every intrinsic function of the ASL specification, failing with States.IntrinsicFailure as AWS does.</summary>
internal static class IntrinsicFunctions
{
    private const int MaxStringLength = 10_000;
    private const int MaxArrayRange = 1_000;

    private static readonly Dictionary<string, Func<IReadOnlyList<JsonNode?>, IntrinsicEnvironment, JsonNode?>> Functions = new(StringComparer.Ordinal)
    {
        ["States.Format"] = Format,
        ["States.StringToJson"] = StringToJson,
        ["States.JsonToString"] = JsonToString,
        ["States.Array"] = (args, _) => new JsonArray(args.Select(a => a?.DeepClone()).ToArray()),
        ["States.ArrayPartition"] = ArrayPartition,
        ["States.ArrayContains"] = ArrayContains,
        ["States.ArrayRange"] = ArrayRange,
        ["States.ArrayGetItem"] = ArrayGetItem,
        ["States.ArrayLength"] = ArrayLength,
        ["States.ArrayUnique"] = ArrayUnique,
        ["States.Base64Encode"] = Base64Encode,
        ["States.Base64Decode"] = Base64Decode,
        ["States.Hash"] = Hash,
        ["States.JsonMerge"] = JsonMerge,
        ["States.MathRandom"] = MathRandom,
        ["States.MathAdd"] = MathAdd,
        ["States.StringSplit"] = StringSplit,
        ["States.UUID"] = Uuid,
    };

    public static IReadOnlyCollection<string> Names => Functions.Keys;

    public static bool IsKnown(string name) => Functions.ContainsKey(name);

    public static JsonNode? Invoke(string name, IReadOnlyList<JsonNode?> args, IntrinsicEnvironment environment) =>
        Functions.TryGetValue(name, out var function)
            ? function(args, environment)
            : throw Fail($"Unknown intrinsic function '{name}'.");

    private static StatesFailureException Fail(string cause) => new(StatesErrorNames.IntrinsicFailure, cause);

    private static void Count(string name, IReadOnlyList<JsonNode?> args, int min, int max)
    {
        if (args.Count < min || args.Count > max)
        {
            var expected = min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} to {max}";
            throw Fail($"Invalid arguments in {name}: expected {expected} argument(s), got {args.Count}.");
        }
    }

    private static string Str(string name, JsonNode? arg, string what)
    {
        if (!JsonNumbers.IsString(arg))
        {
            throw Fail($"Invalid arguments in {name}: the {what} must be a string.");
        }

        return arg!.GetValue<string>();
    }

    private static JsonArray Arr(string name, JsonNode? arg, string what) =>
        arg as JsonArray ?? throw Fail($"Invalid arguments in {name}: the {what} must be an array.");

    private static long Int(string name, JsonNode? arg, string what) =>
        JsonNumbers.TryInteger(arg, out var value) ? value : throw Fail($"Invalid arguments in {name}: the {what} must be an integer.");

    private static JsonNode? Format(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        if (args.Count < 1)
        {
            throw Fail("Invalid arguments in States.Format: a format string is required.");
        }

        var template = Str("States.Format", args[0], "first argument");
        var sb = new StringBuilder();
        var next = 1;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '\\' && i + 1 < template.Length && template[i + 1] is '{' or '}' or '\\')
            {
                sb.Append(template[++i]);
            }
            else if (c == '{' && i + 1 < template.Length && template[i + 1] == '}')
            {
                if (next >= args.Count)
                {
                    throw Fail("Invalid arguments in States.Format: the format string has more {} placeholders than arguments.");
                }

                sb.Append(FormatArgument(args[next++]));
                i++;
            }
            else
            {
                sb.Append(c);
            }
        }

        if (next != args.Count)
        {
            throw Fail("Invalid arguments in States.Format: the number of arguments does not match the number of {} placeholders.");
        }

        return JsonValue.Create(sb.ToString());
    }

    private static string FormatArgument(JsonNode? arg) => arg switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => v.ToJsonString(),
        _ => throw Fail("Invalid arguments in States.Format: arguments must be strings, numbers, booleans or null."),
    };

    private static JsonNode? StringToJson(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        Count("States.StringToJson", args, 1, 1);
        var text = Str("States.StringToJson", args[0], "argument");
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw Fail($"Invalid arguments in States.StringToJson: the string is not JSON ({e.Message}).");
        }
    }

    private static JsonNode? JsonToString(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        Count("States.JsonToString", args, 1, 1);
        return JsonValue.Create(args[0]?.ToJsonString() ?? "null");
    }

    private static JsonNode? ArrayPartition(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        Count("States.ArrayPartition", args, 2, 2);
        var array = Arr("States.ArrayPartition", args[0], "first argument");
        var size = Int("States.ArrayPartition", args[1], "chunk size");
        if (size <= 0)
        {
            throw Fail("Invalid arguments in States.ArrayPartition: the chunk size must be greater than 0.");
        }

        var result = new JsonArray();
        JsonArray? chunk = null;
        foreach (var item in array)
        {
            if (chunk is null || chunk.Count == size)
            {
                chunk = [];
                result.Add(chunk);
            }

            chunk.Add(item?.DeepClone());
        }

        return result;
    }

    private static JsonNode? ArrayContains(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        Count("States.ArrayContains", args, 2, 2);
        var array = Arr("States.ArrayContains", args[0], "first argument");
        return JsonValue.Create(array.Any(item => JsonNode.DeepEquals(item, args[1])));
    }

    private static JsonNode? ArrayRange(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        Count("States.ArrayRange", args, 3, 3);
        var start = Int("States.ArrayRange", args[0], "start");
        var end = Int("States.ArrayRange", args[1], "end");
        var step = Int("States.ArrayRange", args[2], "step");
        if (step == 0)
        {
            throw Fail("Invalid arguments in States.ArrayRange: the step cannot be 0.");
        }

        var result = new JsonArray();
        for (var v = start; step > 0 ? v <= end : v >= end; v += step)
        {
            if (result.Count == MaxArrayRange)
            {
                throw Fail($"Invalid arguments in States.ArrayRange: the range has more than {MaxArrayRange} items.");
            }

            result.Add(v);
        }

        return result;
    }

    private static JsonNode? ArrayGetItem(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        Count("States.ArrayGetItem", args, 2, 2);
        var array = Arr("States.ArrayGetItem", args[0], "first argument");
        var index = Int("States.ArrayGetItem", args[1], "index");
        return index >= 0 && index < array.Count
            ? array[(int)index]?.DeepClone()
            : throw Fail($"Invalid arguments in States.ArrayGetItem: index {index} is out of bounds for an array of {array.Count}.");
    }

    private static JsonNode? ArrayLength(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        Count("States.ArrayLength", args, 1, 1);
        return JsonValue.Create(Arr("States.ArrayLength", args[0], "argument").Count);
    }

    private static JsonNode? ArrayUnique(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        Count("States.ArrayUnique", args, 1, 1);
        var result = new JsonArray();
        foreach (var item in Arr("States.ArrayUnique", args[0], "argument"))
        {
            if (!result.Any(seen => JsonNode.DeepEquals(seen, item)))
            {
                result.Add(item?.DeepClone());
            }
        }

        return result;
    }

    private static JsonNode? Base64Encode(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        Count("States.Base64Encode", args, 1, 1);
        var text = Str("States.Base64Encode", args[0], "argument");
        if (text.Length > MaxStringLength)
        {
            throw Fail($"Invalid arguments in States.Base64Encode: the input is longer than {MaxStringLength} characters.");
        }

        return JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(text)));
    }

    private static JsonNode? Base64Decode(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        Count("States.Base64Decode", args, 1, 1);
        var text = Str("States.Base64Decode", args[0], "argument");
        if (text.Length > MaxStringLength)
        {
            throw Fail($"Invalid arguments in States.Base64Decode: the input is longer than {MaxStringLength} characters.");
        }

        try
        {
            return JsonValue.Create(Encoding.UTF8.GetString(Convert.FromBase64String(text)));
        }
        catch (FormatException)
        {
            throw Fail("Invalid arguments in States.Base64Decode: the input is not valid base64.");
        }
    }

    private static JsonNode? Hash(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        Count("States.Hash", args, 2, 2);
        var data = JsonNumbers.IsString(args[0]) ? args[0]!.GetValue<string>() : args[0]?.ToJsonString() ?? "null";
        if (data.Length > MaxStringLength)
        {
            throw Fail($"Invalid arguments in States.Hash: the data is longer than {MaxStringLength} characters.");
        }

        var bytes = Encoding.UTF8.GetBytes(data);
#pragma warning disable CA5350, CA5351 // MD5 and SHA-1 are offered because the ASL specification lists them; nothing here relies on them for security.
        var hash = Str("States.Hash", args[1], "algorithm") switch
        {
            "MD5" => MD5.HashData(bytes),
            "SHA-1" => SHA1.HashData(bytes),
            "SHA-256" => SHA256.HashData(bytes),
            "SHA-384" => SHA384.HashData(bytes),
            "SHA-512" => SHA512.HashData(bytes),
            var other => throw Fail($"Invalid arguments in States.Hash: '{other}' is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512."),
        };
#pragma warning restore CA5350, CA5351
        return JsonValue.Create(Convert.ToHexStringLower(hash));
    }

    private static JsonNode? JsonMerge(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        Count("States.JsonMerge", args, 3, 3);
        if (args[0] is not JsonObject left || args[1] is not JsonObject right)
        {
            throw Fail("Invalid arguments in States.JsonMerge: the first two arguments must be objects.");
        }

        if (!JsonNumbers.IsBoolean(args[2]) || args[2]!.GetValue<bool>())
        {
            throw Fail("Invalid arguments in States.JsonMerge: the third argument must be false (only shallow merge is supported).");
        }

        var merged = (JsonObject)left.DeepClone();
        foreach (var (key, value) in right)
        {
            merged[key] = value?.DeepClone();
        }

        return merged;
    }

    private static JsonNode? MathRandom(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment environment)
    {
        Count("States.MathRandom", args, 2, 3);
        var start = Int("States.MathRandom", args[0], "start");
        var end = Int("States.MathRandom", args[1], "end");
        if (end <= start)
        {
            throw Fail("Invalid arguments in States.MathRandom: the end must be greater than the start.");
        }

#pragma warning disable CA5394 // Workflow randomness, not security: the spec's seed argument demands a seedable generator.
        var random = args.Count == 3 ? new Random((int)Int("States.MathRandom", args[2], "seed")) : environment.Random;
        return JsonValue.Create(random.NextInt64(start, end));
#pragma warning restore CA5394
    }

    private static JsonNode? MathAdd(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        Count("States.MathAdd", args, 2, 2);
        var a = Int("States.MathAdd", args[0], "first argument");
        var b = Int("States.MathAdd", args[1], "second argument");
        return JsonValue.Create(a + b);
    }

    private static JsonNode? StringSplit(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment _)
    {
        Count("States.StringSplit", args, 2, 2);
        var text = Str("States.StringSplit", args[0], "first argument");
        var delimiters = Str("States.StringSplit", args[1], "delimiter");
        var parts = delimiters.Length == 0 ? [text] : text.Split(delimiters.ToCharArray(), StringSplitOptions.RemoveEmptyEntries);
        return new JsonArray(parts.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
    }

    private static JsonNode? Uuid(IReadOnlyList<JsonNode?> args, IntrinsicEnvironment environment)
    {
        Count("States.UUID", args, 0, 0);
        return JsonValue.Create(environment.NewGuid().ToString());
    }
}

/// <summary>The only non-determinism intrinsics need, injectable for tests.</summary>
internal sealed record IntrinsicEnvironment(Random Random, Func<Guid> NewGuid)
{
    public static IntrinsicEnvironment Default { get; } = new(Random.Shared, Guid.NewGuid);
}
