namespace Provisioner.Functions.Api.Registry;

/// <summary>Per-owner limits over active environments (every status but DELETED and FAILED).</summary>
public sealed record Quotas(int ActiveEnvironments = 3, int ScalingMax = 12)
{
    public const string ActiveEnvironmentsName = "activeEnvironments";
    public const string ScalingMaxName = "scalingMax";
}

/// <summary>An owner's current use of the quotas.</summary>
public sealed record QuotaUsage(int ActiveEnvironments, int ScalingMax);
