using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Provisioner.StateMachine.Json;

/// <summary>Number handling over JsonNode values, whatever CLR type backs them.</summary>
internal static class JsonNumbers
{
    public static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    public static bool IsBoolean(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    public static double ToDouble(JsonValue value) =>
        value.TryGetValue<double>(out var d) ? d : double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);

    /// <summary>Compares exactly when both fit a decimal (so 0.1 + 0.2 style noise never flips a Choice), else as doubles.</summary>
    public static int Compare(JsonValue left, JsonValue right) =>
        TryDecimal(left, out var l) && TryDecimal(right, out var r) ? l.CompareTo(r) : ToDouble(left).CompareTo(ToDouble(right));

    public static bool TryDecimal(JsonValue value, out decimal result) =>
        decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out result);

    /// <summary>True for a JSON number with no fractional part that fits a long.</summary>
    public static bool TryInteger(JsonNode? node, out long result)
    {
        result = 0;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (v.TryGetValue(out long l))
        {
            result = l;
            return true;
        }

        var d = ToDouble(v);
        if (Math.Floor(d) == d && d >= long.MinValue && d <= long.MaxValue)
        {
            result = (long)d;
            return true;
        }

        return false;
    }
}
