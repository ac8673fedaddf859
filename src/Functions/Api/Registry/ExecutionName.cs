using System.Globalization;

namespace Provisioner.Functions.Api.Registry;

/// <summary>
/// <c>&lt;id&gt;-g&lt;generation&gt;-&lt;kind&gt;-&lt;attempt&gt;</c>: derived, never random, so a repeated
/// StartExecution is idempotent and the status handler can tell the environment's current execution from a
/// stale one. Environment ids never contain <c>-g&lt;digits&gt;-</c> followed by a kind at the end, so parsing
/// from the right is unambiguous.
/// </summary>
public sealed record ExecutionName(string EnvironmentId, int Generation, string Kind, int Attempt)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{EnvironmentId}-g{Generation}-{Kind}-{Attempt}");

    public static bool TryParse(string? name, out ExecutionName parsed)
    {
        parsed = null!;
        var parts = name?.Split('-');
        if (parts is null || parts.Length < 4)
        {
            return false;
        }
        var attemptText = parts[^1];
        var kind = parts[^2];
        var generationText = parts[^3];
        if (kind is not (ExecutionKind.Provision or ExecutionKind.Teardown)
            || !generationText.StartsWith('g')
            || !int.TryParse(generationText.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            || !int.TryParse(attemptText, NumberStyles.None, CultureInfo.InvariantCulture, out var attempt))
        {
            return false;
        }
        parsed = new ExecutionName(string.Join('-', parts[..^3]), generation, kind, attempt);
        return true;
    }
}
