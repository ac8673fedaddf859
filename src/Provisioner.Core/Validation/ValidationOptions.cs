namespace Provisioner.Core.Validation;

/// <summary>Limits the operator sets for a deployment rather than AWS.</summary>
public sealed record ValidationOptions
{
    /// <summary>The most instances one environment may ask for (<c>scaling.max</c>).</summary>
    public int MaxInstancesCap { get; init; } = 20;

    public static ValidationOptions Default { get; } = new();
}
