using System.Text.Json.Nodes;

using Provisioner.StateMachine.JsonPath;

namespace Provisioner.StateMachine.Intrinsics;

/// <summary>An argument of an intrinsic function: a literal, a path, or a nested call.</summary>
internal abstract record IntrinsicArgument;

internal sealed record LiteralArgument(JsonNode? Value) : IntrinsicArgument;

internal sealed record PathArgument(JsonPathExpression Path) : IntrinsicArgument;

internal sealed record CallArgument(IntrinsicCall Call) : IntrinsicArgument;

/// <summary>A parsed call such as <c>States.Format('{}', $.name)</c>.</summary>
internal sealed record IntrinsicCall(string Name, IReadOnlyList<IntrinsicArgument> Arguments, string Text)
{
    public static IntrinsicCall Parse(string text) => IntrinsicParser.Parse(text);

    /// <summary>True when a <c>.$</c> value is meant as an intrinsic call rather than a path.</summary>
    public static bool LooksLikeCall(string text) => text.StartsWith("States.", StringComparison.Ordinal);
}
