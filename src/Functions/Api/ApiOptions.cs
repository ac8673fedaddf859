using Provisioner.Core.Spec;
using Provisioner.Functions.Api.Registry;

namespace Provisioner.Functions.Api;

/// <summary>The deployment's settings for the service (template parameters on AWS, <c>up</c> options locally).</summary>
public sealed record ApiOptions
{
    public Quotas Quotas { get; init; } = new();

    /// <summary>Members of this group see and act on every environment.</summary>
    public string AdminGroup { get; init; } = "provisioner-admins";

    /// <summary>No environment lives longer than this from its creation, however often it is extended (admins excepted).</summary>
    public int MaxLifetimeHours { get; init; } = 24 * 30;

    /// <summary>The VPC a spec without <c>network</c> gets (as the ValidateSpec step gives it); null: network is required.</summary>
    public string? DefaultVpcId { get; init; }

    public IReadOnlyList<string> DefaultSubnetIds { get; init; } = [];

    /// <summary>The network a spec without one gets, when the deployment names one.</summary>
    public DefaultNetwork? DefaultNetwork => DefaultNetwork.From(DefaultVpcId, DefaultSubnetIds);

    /// <summary>Largest accepted request body.</summary>
    public int MaxBodyBytes { get; init; } = 256 * 1024;
}
