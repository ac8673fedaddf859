using System.Text.Json;
using System.Text.Json.Nodes;

using Provisioner.Core.Time;
using Provisioner.StateMachine.Json;

namespace Provisioner.StateMachine.Choice;

/// <summary>The families of Choice comparison operators.</summary>
internal enum OperatorKind
{
    String,
    Numeric,
    Boolean,
    Timestamp,
    StringMatches,
    IsNull,
    IsPresent,
    IsNumeric,
    IsString,
    IsBoolean,
    IsTimestamp,
}

/// <summary>Relation of an ordered comparison.</summary>
internal enum Relation
{
    Equals,
    LessThan,
    GreaterThan,
    LessThanEquals,
    GreaterThanEquals,
}

/// <summary>One comparison operator by its ASL name, e.g. NumericLessThanEqualsPath.</summary>
internal sealed record ComparisonOperator(string Name, OperatorKind Kind, Relation Relation, bool IsPath)
{
    private static readonly Dictionary<string, ComparisonOperator> ByName = Build();

    public static bool TryGet(string name, out ComparisonOperator op) => ByName.TryGetValue(name, out op!);

    public static IEnumerable<string> Names => ByName.Keys;

    /// <summary>The JSON type the literal operand must have (Is* tests take a boolean).</summary>
    public JsonValueKind OperandKind => Kind switch
    {
        OperatorKind.String or OperatorKind.StringMatches or OperatorKind.Timestamp => JsonValueKind.String,
        OperatorKind.Numeric => JsonValueKind.Number,
        _ => JsonValueKind.True,
    };

    public bool Test(JsonNode? value, JsonNode? expected)
    {
        switch (Kind)
        {
            case OperatorKind.IsNull:
                return (value is null || value.GetValueKind() == JsonValueKind.Null) == IsTrue(expected);
            case OperatorKind.IsNumeric:
                return JsonNumbers.IsNumber(value) == IsTrue(expected);
            case OperatorKind.IsString:
                return JsonNumbers.IsString(value) == IsTrue(expected);
            case OperatorKind.IsBoolean:
                return JsonNumbers.IsBoolean(value) == IsTrue(expected);
            case OperatorKind.IsTimestamp:
                return (Pointers.IsString(value, out var ts) && Rfc3339.TryParse(ts, out _)) == IsTrue(expected);
            case OperatorKind.StringMatches:
                return Pointers.IsString(value, out var text) && Pointers.IsString(expected, out var pattern) && WildcardMatcher.IsMatch(text, pattern);
            case OperatorKind.Boolean:
                return JsonNumbers.IsBoolean(value) && JsonNumbers.IsBoolean(expected) && value!.GetValue<bool>() == expected!.GetValue<bool>();
            case OperatorKind.String:
                return Pointers.IsString(value, out var a) && Pointers.IsString(expected, out var b) && Holds(string.CompareOrdinal(a, b));
            case OperatorKind.Numeric:
                return JsonNumbers.IsNumber(value) && JsonNumbers.IsNumber(expected) && Holds(JsonNumbers.Compare((JsonValue)value!, (JsonValue)expected!));
            case OperatorKind.Timestamp:
                return Pointers.IsString(value, out var x) && Pointers.IsString(expected, out var y)
                    && Rfc3339.TryParse(x, out var tx) && Rfc3339.TryParse(y, out var ty) && Holds(tx.CompareTo(ty));
            default:
                return false;
        }
    }

    private bool Holds(int order) => Relation switch
    {
        Relation.Equals => order == 0,
        Relation.LessThan => order < 0,
        Relation.GreaterThan => order > 0,
        Relation.LessThanEquals => order <= 0,
        _ => order >= 0,
    };

    private static bool IsTrue(JsonNode? node) => JsonNumbers.IsBoolean(node) && node!.GetValue<bool>();

    private static Dictionary<string, ComparisonOperator> Build()
    {
        var map = new Dictionary<string, ComparisonOperator>(StringComparer.Ordinal);
        foreach (var (prefix, kind) in new[] { ("String", OperatorKind.String), ("Numeric", OperatorKind.Numeric), ("Timestamp", OperatorKind.Timestamp) })
        {
            foreach (var relation in Enum.GetValues<Relation>())
            {
                var name = prefix + relation;
                map[name] = new ComparisonOperator(name, kind, relation, false);
                map[name + "Path"] = new ComparisonOperator(name + "Path", kind, relation, true);
            }
        }

        map["BooleanEquals"] = new("BooleanEquals", OperatorKind.Boolean, Relation.Equals, false);
        map["BooleanEqualsPath"] = new("BooleanEqualsPath", OperatorKind.Boolean, Relation.Equals, true);
        map["StringMatches"] = new("StringMatches", OperatorKind.StringMatches, Relation.Equals, false);
        foreach (var (name, kind) in new[]
        {
            ("IsNull", OperatorKind.IsNull), ("IsPresent", OperatorKind.IsPresent), ("IsNumeric", OperatorKind.IsNumeric),
            ("IsString", OperatorKind.IsString), ("IsBoolean", OperatorKind.IsBoolean), ("IsTimestamp", OperatorKind.IsTimestamp),
        })
        {
            map[name] = new ComparisonOperator(name, kind, Relation.Equals, false);
        }

        return map;
    }
}
