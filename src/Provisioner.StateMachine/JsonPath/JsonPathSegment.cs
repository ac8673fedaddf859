namespace Provisioner.StateMachine.JsonPath;

/// <summary>One step of a parsed JSONPath; the set is closed.</summary>
internal abstract record JsonPathSegment
{
    /// <summary>True when the segment selects at most one node, so a path made only of such segments is definite.</summary>
    public abstract bool IsSingular { get; }
}

/// <summary><c>.name</c> or <c>['name']</c>.</summary>
internal sealed record ChildSegment(string Name) : JsonPathSegment
{
    public override bool IsSingular => true;
}

/// <summary><c>[3]</c> or <c>[-1]</c>.</summary>
internal sealed record IndexSegment(int Index) : JsonPathSegment
{
    public override bool IsSingular => true;
}

/// <summary><c>.*</c> or <c>[*]</c>.</summary>
internal sealed record WildcardSegment : JsonPathSegment
{
    public override bool IsSingular => false;
}

/// <summary><c>[start:end:step]</c>.</summary>
internal sealed record SliceSegment(int? Start, int? End, int Step) : JsonPathSegment
{
    public override bool IsSingular => false;
}

/// <summary><c>['a','b']</c> or <c>[0,2]</c>.</summary>
internal sealed record UnionSegment(IReadOnlyList<JsonPathSegment> Members) : JsonPathSegment
{
    public override bool IsSingular => false;
}

/// <summary><c>..</c> followed by a selector applied at every depth.</summary>
internal sealed record RecursiveSegment(JsonPathSegment Selector) : JsonPathSegment
{
    public override bool IsSingular => false;
}

/// <summary><c>[?(expression)]</c>.</summary>
internal sealed record FilterSegment(FilterExpression Filter) : JsonPathSegment
{
    public override bool IsSingular => false;
}

/// <summary><c>.length()</c>: the length of an array (a Jayway function AWS accepts).</summary>
internal sealed record LengthFunctionSegment : JsonPathSegment
{
    public override bool IsSingular => true;
}
