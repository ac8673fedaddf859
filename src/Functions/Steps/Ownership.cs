using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;

namespace Provisioner.Functions.Steps;

/// <summary>
/// Which existing resources a step may adopt (on a retried Run) or remove (in Undo): those carrying this
/// environment's tags. A resource with one of our deterministic names but someone else's tags is never
/// adopted and never deleted.
/// </summary>
internal static class Ownership
{
    /// <summary>The tag set for a resource made by <paramref name="step"/> (the keys of <see cref="ResourceTags"/> plus Name).</summary>
    public static IReadOnlyDictionary<string, string> Tags(EnvironmentSpec spec, string step, string? name = null) =>
        ResourceTags.For(spec.EnvironmentId, step, name);

    public static bool IsOurs(IReadOnlyDictionary<string, string>? tags, EnvironmentSpec spec) =>
        tags is not null
        && tags.TryGetValue(ResourceTags.EnvironmentKey, out var environment)
        && string.Equals(environment, spec.EnvironmentId, StringComparison.Ordinal)
        && tags.TryGetValue(ResourceTags.ManagedKey, out var managed)
        && string.Equals(managed, "true", StringComparison.Ordinal);

    public static bool IsOurs(IEnumerable<KeyValuePair<string, string>>? tags, EnvironmentSpec spec) =>
        tags is not null && IsOurs(tags.GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal), spec);

    /// <summary>A retried Run found a resource by our name that is not ours: refuse rather than adopt it.</summary>
    public static StepFailedException NotOurs(string what, string name, EnvironmentSpec spec) =>
        new(StepErrors.Rejected,
            $"A {what} named '{name}' already exists but is not tagged {ResourceTags.EnvironmentKey}={spec.EnvironmentId}, {ResourceTags.ManagedKey}=true; " +
            "Provisioner will not adopt or change it. Delete or rename it, or choose another environment id.");
}
