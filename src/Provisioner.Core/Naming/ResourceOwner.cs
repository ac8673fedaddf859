using System.Globalization;

namespace Provisioner.Core.Naming;

/// <summary>How a resource found by name or tag relates to the run that found it.</summary>
public enum OwnershipVerdict
{
    /// <summary>Not Provisioner's, or another environment's: never adopted, never changed, never deleted.</summary>
    Foreign,

    /// <summary>This environment's, made by another deployment in the same account: never touched.</summary>
    OtherDeployment,

    /// <summary>This environment's in this deployment, but another generation's (a live environment, or an older submission).</summary>
    OtherGeneration,

    /// <summary>Made by this environment in this deployment (and, when the run has one, this generation).</summary>
    Ours,
}

/// <summary>
/// Who a run acts for: the environment, the deployment (the stack; from the function's settings, never from
/// the input) and the generation (the submission: provisions and rollbacks have one; a teardown has none and
/// acts for every generation of its environment). The ownership rule is written here once.
/// </summary>
public sealed record ResourceOwner
{
    public const string DefaultDeployment = ResourceNames.DefaultPrefix;
    public const int FirstGeneration = 1;

    public ResourceOwner(string environmentId, string deployment = DefaultDeployment, int? generation = null, string namePrefix = ResourceNames.DefaultPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(environmentId);
        ArgumentException.ThrowIfNullOrEmpty(deployment);
        if (generation is < FirstGeneration)
        {
            throw new ArgumentOutOfRangeException(nameof(generation), generation, "A generation is a whole number from 1.");
        }
        EnvironmentId = environmentId;
        Deployment = deployment;
        Generation = generation;
        Names = ResourceNames.For(environmentId, namePrefix);
    }

    public string EnvironmentId { get; }

    public string Deployment { get; }

    /// <summary>Null: every generation (a teardown).</summary>
    public int? Generation { get; }

    public ResourceNames Names { get; }

    /// <summary>The tags of a resource this owner creates (a teardown never creates; it tags as the first generation).</summary>
    public IReadOnlyDictionary<string, string> Tags(string step, string? name = null) =>
        ResourceTags.For(EnvironmentId, step, name, Deployment, Generation ?? FirstGeneration);

    /// <summary>The ownership rule: environment and managed tag, then deployment, then (when this owner has one) generation.</summary>
    public OwnershipVerdict Judge(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null
            || !Has(tags, ResourceTags.EnvironmentKey, EnvironmentId)
            || !Has(tags, ResourceTags.ManagedKey, "true"))
        {
            return OwnershipVerdict.Foreign;
        }
        if (!Has(tags, ResourceTags.DeploymentKey, Deployment))
        {
            return OwnershipVerdict.OtherDeployment;
        }
        if (Generation is { } generation && !Has(tags, ResourceTags.GenerationKey, generation.ToString(CultureInfo.InvariantCulture)))
        {
            return OwnershipVerdict.OtherGeneration;
        }
        return OwnershipVerdict.Ours;
    }

    /// <summary><see cref="Judge(IReadOnlyDictionary{string, string})"/> for APIs that list tags as pairs (Auto Scaling); a repeated key counts once, the last wins.</summary>
    public OwnershipVerdict Judge(IEnumerable<KeyValuePair<string, string>>? tags) =>
        tags is null
            ? OwnershipVerdict.Foreign
            : Judge(tags.GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal));

    /// <summary>The generation an execution name carries (<c>&lt;id&gt;-g&lt;gen&gt;-&lt;kind&gt;-&lt;attempt&gt;</c>, as the API names them), else the first.</summary>
    public static int GenerationFromExecutionName(string? executionName, string environmentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(environmentId);
        if (executionName is null || !executionName.StartsWith(environmentId + "-g", StringComparison.Ordinal))
        {
            return FirstGeneration;
        }
        var rest = executionName.AsSpan(environmentId.Length + 2);
        var end = rest.IndexOf('-');
        var digits = end < 0 ? rest : rest[..end];
        return end > 0
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            && generation >= FirstGeneration
            ? generation
            : FirstGeneration;
    }

    private static bool Has(IReadOnlyDictionary<string, string> tags, string key, string value) =>
        tags.TryGetValue(key, out var actual) && string.Equals(actual, value, StringComparison.Ordinal);
}
