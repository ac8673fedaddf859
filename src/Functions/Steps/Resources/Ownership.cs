using Provisioner.Core.Naming;
using Provisioner.Core.Steps;

namespace Provisioner.Functions.Steps.Resources;

/// <summary>
/// What a step may do with a resource it found by name or tag, decided by one rule
/// (<see cref="ResourceOwner.Judge(IReadOnlyDictionary{string, string})"/>): a provision adopts only its own
/// generation's resources in its own deployment, and refuses everything else before touching it; an Undo
/// deletes only what the rule calls ours (a rollback: its generation; a teardown: every generation).
/// </summary>
internal static class Ownership
{
    /// <summary>Returns when the resource is <paramref name="owner"/>'s; otherwise throws the step error that says whose it is.</summary>
    /// <exception cref="StepFailedException">
    /// <see cref="StepErrors.EnvironmentExists"/> for another generation or deployment of the environment (the
    /// provision ends without a rollback); <see cref="StepErrors.Rejected"/> for a resource that is not Provisioner's.
    /// </exception>
    public static void Claim(ResourceOwner owner, IReadOnlyDictionary<string, string>? tags, string what, string name)
    {
        switch (owner.Judge(tags))
        {
            case OwnershipVerdict.Ours:
                return;
            case OwnershipVerdict.OtherGeneration:
                throw new StepFailedException(StepErrors.EnvironmentExists,
                    $"Environment '{owner.EnvironmentId}' already exists: its {what} '{name}' belongs to generation {Tag(tags, ResourceTags.GenerationKey)}, " +
                    $"not {owner.Generation}. Nothing was changed; tear the environment down first, or choose another environment id.");
            case OwnershipVerdict.OtherDeployment:
                throw new StepFailedException(StepErrors.EnvironmentExists,
                    $"Environment '{owner.EnvironmentId}' exists in another deployment ('{Tag(tags, ResourceTags.DeploymentKey)}'): its {what} '{name}' " +
                    $"is not this deployment's ('{owner.Deployment}'). Nothing was changed; choose another environment id.");
            default:
                throw new StepFailedException(StepErrors.Rejected,
                    $"A {what} named '{name}' already exists but is not tagged {ResourceTags.EnvironmentKey}={owner.EnvironmentId}, {ResourceTags.ManagedKey}=true; " +
                    "Provisioner will not adopt or change it. Delete or rename it, or choose another environment id.");
        }
    }

    /// <inheritdoc cref="Claim(ResourceOwner, IReadOnlyDictionary{string, string}?, string, string)"/>
    public static void Claim(ResourceOwner owner, IEnumerable<KeyValuePair<string, string>>? tags, string what, string name) =>
        Claim(owner, tags is null ? null : ToDictionary(tags), what, name);

    /// <summary>Whether an Undo may delete the resource: only when the rule calls it ours.</summary>
    public static bool MayDelete(ResourceOwner owner, IReadOnlyDictionary<string, string>? tags) =>
        owner.Judge(tags) == OwnershipVerdict.Ours;

    /// <inheritdoc cref="MayDelete(ResourceOwner, IReadOnlyDictionary{string, string}?)"/>
    public static bool MayDelete(ResourceOwner owner, IEnumerable<KeyValuePair<string, string>>? tags) =>
        owner.Judge(tags) == OwnershipVerdict.Ours;

    private static string Tag(IReadOnlyDictionary<string, string>? tags, string key) =>
        tags is not null && tags.TryGetValue(key, out var value) ? value : "(none)";

    private static Dictionary<string, string> ToDictionary(IEnumerable<KeyValuePair<string, string>> tags) =>
        tags.GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
}
