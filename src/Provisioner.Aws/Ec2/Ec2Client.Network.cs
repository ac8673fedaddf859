using Sdk = Amazon.EC2.Model;

namespace Provisioner.Aws.Ec2;

/// <summary>The network the spec names: VPCs and subnets (read only).</summary>
public sealed partial class Ec2Client
{
    public Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(DescribeSubnetsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DescribeAllAsync("DescribeSubnets",
            (next, ct) => ec2.DescribeSubnetsAsync(new Sdk.DescribeSubnetsRequest
            {
                SubnetIds = ListOrNull(request.SubnetIds),
                Filters = Filters(request.Filters),
                NextToken = next,
            }, ct),
            response => (response.Subnets ?? []).Select(s => new Subnet(s.SubnetId, s.VpcId, s.AvailabilityZone, s.CidrBlock, s.DefaultForAz ?? false, Tags(s.Tags))),
            response => response.NextToken,
            cancellationToken);
    }

    public Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(DescribeVpcsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DescribeAllAsync("DescribeVpcs",
            (next, ct) => ec2.DescribeVpcsAsync(new Sdk.DescribeVpcsRequest
            {
                VpcIds = ListOrNull(request.VpcIds),
                Filters = Filters(request.Filters),
                NextToken = next,
            }, ct),
            response => (response.Vpcs ?? []).Select(v => new Vpc(v.VpcId, v.CidrBlock, v.IsDefault ?? false, Tags(v.Tags))),
            response => response.NextToken,
            cancellationToken);
    }
}
