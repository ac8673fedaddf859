using Provisioner.Aws;
using Provisioner.Aws.Ec2;
using Provisioner.Core.Naming;

namespace Provisioner.Functions.Steps.Resources;

/// <summary>
/// Security groups: create-or-adopt by deterministic name in the spec's VPC with exactly the ingress rules the
/// step needs added; delete-if-ours found by the environment's tags and name in any VPC (a teardown needs no
/// spec, and a changed <c>vpcId</c> leaks nothing).
/// </summary>
internal static class SecurityGroups
{
    public static async Task<string> EnsureAsync(
        IEc2Client ec2, ResourceOwner owner, string vpcId, string step, string name, string description, IReadOnlyList<IngressRule> rules, CancellationToken cancellationToken)
    {
        var found = await CreateOrAdopt.RunAsync(
            ct => FindAsync(ec2, vpcId, name, ct),
            async ct =>
            {
                var tags = owner.Tags(step, name);
                var id = await ec2.CreateSecurityGroupAsync(
                    new CreateSecurityGroupRequest { GroupName = name, Description = description, VpcId = vpcId, Tags = tags }, ct).ConfigureAwait(false);
                return new SecurityGroup(id, name, vpcId, description, [], tags);
            },
            AwsErrorCodes.DuplicateSecurityGroup, cancellationToken).ConfigureAwait(false);
        var group = found.Resource;
        Ownership.Claim(owner, group.Tags, "security group", name);
        foreach (var rule in rules.Where(r => !group.IngressRules.Any(existing => SameRule(existing, r))))
        {
            try
            {
                await ec2.AuthorizeSecurityGroupIngressAsync(group.GroupId, [rule], cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == AwsErrorCodes.DuplicatePermission)
            {
                // Added by an earlier attempt whose answer was lost.
            }
        }
        return group.GroupId;
    }

    /// <summary>Deletes every group of this name that is ours (in any VPC); returns what remains (a group still in use).</summary>
    public static async Task<IReadOnlyList<string>> DeleteAsync(IEc2Client ec2, ResourceOwner owner, string name, string inUseBy, CancellationToken cancellationToken)
    {
        var groups = await ec2.DescribeSecurityGroupsAsync(
            new DescribeSecurityGroupsRequest { Filters = [Ec2Filter.Tag(ResourceTags.EnvironmentKey, owner.EnvironmentId), Ec2Filter.Of("group-name", name)] },
            cancellationToken).ConfigureAwait(false);
        var remaining = new List<string>();
        foreach (var group in groups.Where(g => g.GroupName == name && Ownership.MayDelete(owner, g.Tags)))
        {
            try
            {
                await ec2.DeleteSecurityGroupAsync(group.GroupId, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.IsNotFound)
            {
                // Already gone.
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "DependencyViolation")
            {
                remaining.Add($"security group {name} ({group.GroupId}, still in use by {inUseBy})");
            }
        }
        return remaining;
    }

    public static async Task<SecurityGroup?> FindAsync(IEc2Client ec2, string vpcId, string name, CancellationToken cancellationToken)
    {
        var groups = await ec2.DescribeSecurityGroupsAsync(DescribeSecurityGroupsRequest.ByName(vpcId, name), cancellationToken).ConfigureAwait(false);
        return groups.FirstOrDefault(g => g.GroupName == name);
    }

    internal static bool SameRule(IngressRule a, IngressRule b) =>
        string.Equals(a.IpProtocol, b.IpProtocol, StringComparison.OrdinalIgnoreCase)
        && a.FromPort == b.FromPort
        && a.ToPort == b.ToPort
        && string.Equals(a.CidrIp, b.CidrIp, StringComparison.Ordinal)
        && string.Equals(a.SourceSecurityGroupId, b.SourceSecurityGroupId, StringComparison.Ordinal);
}
