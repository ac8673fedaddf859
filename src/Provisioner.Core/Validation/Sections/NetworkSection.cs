using Provisioner.Core.Spec;
using Provisioner.Core.Validation.Rules;

namespace Provisioner.Core.Validation.Sections;

/// <summary><c>/network</c>: the VPC and at least two subnets (an Application Load Balancer needs two AZs).</summary>
internal static class NetworkSection
{
    public static NetworkSpec? Read(JsonObjectView doc) => doc.Section("network", ReadNetwork, null, required: true);

    private static NetworkSpec? ReadNetwork(JsonObjectView network)
    {
        var ok = network.Require("vpcId") & network.String("vpcId", out var vpcId);
        if (vpcId is not null && !AwsIdentifiers.VpcId().IsMatch(vpcId))
        {
            network.Error("vpcId", vpcId, "must be a VPC id: 'vpc-' followed by 8 or 17 lower-case hex digits");
            ok = false;
        }

        ok &= network.Require("subnetIds") & network.Array("subnetIds", out var subnetNodes);
        List<string> subnets = [];
        if (subnetNodes is not null)
        {
            var itemsOk = network.DistinctStrings("subnetIds", subnetNodes, AwsIdentifiers.SubnetId().IsMatch,
                "must be a subnet id: 'subnet-' followed by 8 or 17 lower-case hex digits",
                StringComparer.Ordinal, first => $"repeats {first}: each subnet may be listed once", out subnets);
            // Only once every item is a well-formed, distinct subnet: otherwise the item errors say it better.
            if (itemsOk && subnets.Count < 2)
            {
                network.Error("subnetIds", subnetNodes, "must list at least 2 distinct subnets, in different Availability Zones (an Application Load Balancer needs two)");
                itemsOk = false;
            }
            ok &= itemsOk;
        }
        return ok && vpcId is not null ? new NetworkSpec { VpcId = vpcId, SubnetIds = subnets } : null;
    }
}
