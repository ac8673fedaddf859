using System.Globalization;

namespace Provisioner.Core.Naming;

/// <summary>
/// The tag set on every resource Provisioner makes. Undo and the leak inspection find resources by
/// these tags, so a step that crashed after creating but before returning leaks nothing. The generation
/// and deployment tags say which submission of the environment, in which deployment, made the resource:
/// the ownership rule (<see cref="ResourceOwner.Judge"/>) reads them.
/// </summary>
public static class ResourceTags
{
    public const string EnvironmentKey = "provisioner:environment";
    public const string ManagedKey = "provisioner:managed";
    public const string StepKey = "provisioner:step";
    public const string GenerationKey = "provisioner:generation";
    public const string DeploymentKey = "provisioner:deployment";
    public const string NameKey = "Name";

    /// <summary>The reserved prefix: user tags may not use it.</summary>
    public const string ReservedPrefix = "provisioner:";

    /// <summary>Tags that Provisioner itself sets on each resource (the five keys plus Name).</summary>
    public const int ManagedTagCount = 6;

    /// <summary>AWS allows 50 user tags per resource.</summary>
    public const int AwsMaxTagsPerResource = 50;

    /// <summary>
    /// The tags for a resource made by <paramref name="step"/> for <paramref name="environmentId"/> in generation
    /// <paramref name="generation"/> of the deployment <paramref name="deployment"/>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> For(
        string environmentId, string step, string? name = null, string deployment = ResourceOwner.DefaultDeployment, int generation = ResourceOwner.FirstGeneration)
    {
        ArgumentException.ThrowIfNullOrEmpty(environmentId);
        ArgumentException.ThrowIfNullOrEmpty(step);
        ArgumentException.ThrowIfNullOrEmpty(deployment);
        ArgumentOutOfRangeException.ThrowIfLessThan(generation, ResourceOwner.FirstGeneration);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [EnvironmentKey] = environmentId,
            [ManagedKey] = "true",
            [StepKey] = step,
            [GenerationKey] = generation.ToString(CultureInfo.InvariantCulture),
            [DeploymentKey] = deployment,
        };
        if (name is not null)
        {
            tags[NameKey] = name;
        }
        return tags;
    }
}
