namespace Provisioner.Core.Spec;

public sealed record NetworkSpec
{
    public required string VpcId { get; init; }

    /// <summary>Subnets for the load balancer and the instances; at least two, in different Availability Zones.</summary>
    public required IReadOnlyList<string> SubnetIds { get; init; }
}
