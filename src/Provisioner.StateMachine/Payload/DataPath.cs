using Provisioner.StateMachine.JsonPath;

namespace Provisioner.StateMachine.Payload;

/// <summary>
/// InputPath, OutputPath or ResultPath: a path, or JSON null (discard: InputPath/OutputPath give
/// <c>{}</c>, ResultPath keeps the input and drops the result). Absent fields default to <c>$</c>.
/// </summary>
internal sealed record DataPath(JsonPathExpression? Path)
{
    public static DataPath Root { get; } = new(JsonPathExpression.Parse("$"));

    public static DataPath Discard { get; } = new((JsonPathExpression?)null);

    public bool IsRoot => Path is { Segments.Count: 0, Root: JsonPathRootKind.Input };

    public override string ToString() => Path?.Text ?? "null";
}
