using Amazon.EC2;
using Sdk = Amazon.EC2.Model;

namespace Provisioner.Aws.Ec2;

/// <summary>Security groups: the load balancer's and the instances', with their ingress rules.</summary>
public sealed partial class Ec2Client
{
    public Task<string> CreateSecurityGroupAsync(CreateSecurityGroupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sdk = new Sdk.CreateSecurityGroupRequest
        {
            GroupName = request.GroupName,
            Description = request.Description,
            VpcId = request.VpcId,
            TagSpecifications = TagSpecifications((ResourceType.SecurityGroup, request.Tags)),
        };
        return Call("CreateSecurityGroup", async () => (await ec2.CreateSecurityGroupAsync(sdk, cancellationToken).ConfigureAwait(false)).GroupId);
    }

    public Task<IReadOnlyList<SecurityGroup>> DescribeSecurityGroupsAsync(DescribeSecurityGroupsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DescribeAllAsync("DescribeSecurityGroups",
            (next, ct) => ec2.DescribeSecurityGroupsAsync(new Sdk.DescribeSecurityGroupsRequest
            {
                GroupIds = ListOrNull(request.GroupIds),
                Filters = Filters(request.Filters),
                NextToken = next,
            }, ct),
            response => (response.SecurityGroups ?? []).Select(g => new SecurityGroup(g.GroupId, g.GroupName, g.VpcId, g.Description, IngressRules(g.IpPermissions), Tags(g.Tags))),
            response => response.NextToken,
            cancellationToken);
    }

    public Task AuthorizeSecurityGroupIngressAsync(string groupId, IReadOnlyList<IngressRule> rules, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentNullException.ThrowIfNull(rules);
        var permissions = rules.Select(r => new Sdk.IpPermission
        {
            IpProtocol = r.IpProtocol,
            FromPort = r.FromPort,
            ToPort = r.ToPort,
            Ipv4Ranges = r.CidrIp is null ? null : [new Sdk.IpRange { CidrIp = r.CidrIp, Description = r.Description }],
            UserIdGroupPairs = r.SourceSecurityGroupId is null ? null : [new Sdk.UserIdGroupPair { GroupId = r.SourceSecurityGroupId, Description = r.Description }],
        }).ToList();
        return Call("AuthorizeSecurityGroupIngress", () => ec2.AuthorizeSecurityGroupIngressAsync(
            new Sdk.AuthorizeSecurityGroupIngressRequest { GroupId = groupId, IpPermissions = permissions }, cancellationToken));
    }

    public Task DeleteSecurityGroupAsync(string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        return Call("DeleteSecurityGroup", () => ec2.DeleteSecurityGroupAsync(new Sdk.DeleteSecurityGroupRequest { GroupId = groupId }, cancellationToken));
    }

    private static List<IngressRule> IngressRules(List<Sdk.IpPermission>? permissions)
    {
        var rules = new List<IngressRule>();
        foreach (var p in permissions ?? [])
        {
            foreach (var range in p.Ipv4Ranges ?? [])
            {
                rules.Add(new IngressRule(p.IpProtocol, p.FromPort ?? -1, p.ToPort ?? -1, CidrIp: range.CidrIp, Description: range.Description));
            }
            foreach (var pair in p.UserIdGroupPairs ?? [])
            {
                rules.Add(new IngressRule(p.IpProtocol, p.FromPort ?? -1, p.ToPort ?? -1, SourceSecurityGroupId: pair.GroupId, Description: pair.Description));
            }
        }
        return rules;
    }
}
