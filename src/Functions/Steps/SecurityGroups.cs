using Provisioner.Aws;
using Provisioner.Aws.Ec2;
using Provisioner.Core.Spec;

namespace Provisioner.Functions.Steps;

/// <summary>
/// Find-or-create of a step's security group (by its deterministic name in the spec's VPC) with exactly the
/// ingress rules the step needs added, and its removal. Shared by CreateAlb and CreateLaunchTemplate.
/// </summary>
internal static class SecurityGroups
{
    public static async Task<string> EnsureAsync(
        IEc2Client ec2, EnvironmentSpec spec, string step, string name, string description, IReadOnlyList<IngressRule> rules, CancellationToken cancellationToken)
    {
        var group = await FindAsync(ec2, spec.Network.VpcId, name, cancellationToken).ConfigureAwait(false);
        if (group is null)
        {
            try
            {
                var id = await ec2.CreateSecurityGroupAsync(
                    new CreateSecurityGroupRequest { GroupName = name, Description = description, VpcId = spec.Network.VpcId, Tags = Ownership.Tags(spec, step, name) },
                    cancellationToken).ConfigureAwait(false);
                group = new SecurityGroup(id, name, spec.Network.VpcId, description, [], Ownership.Tags(spec, step, name));
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "InvalidGroup.Duplicate")
            {
                group = await FindAsync(ec2, spec.Network.VpcId, name, cancellationToken).ConfigureAwait(false);
                if (group is null)
                {
                    throw;
                }
            }
        }
        if (!Ownership.IsOurs(group.Tags, spec))
        {
            throw Ownership.NotOurs("security group", name, spec);
        }
        foreach (var rule in rules.Where(r => !group.IngressRules.Any(existing => SameRule(existing, r))))
        {
            try
            {
                await ec2.AuthorizeSecurityGroupIngressAsync(group.GroupId, [rule], cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "InvalidPermission.Duplicate")
            {
                // Added by an earlier attempt whose answer was lost.
            }
        }
        return group.GroupId;
    }

    /// <summary>Deletes the group if it is ours; returns what remains (the group while something still uses it), or null.</summary>
    public static async Task<string?> DeleteAsync(IEc2Client ec2, EnvironmentSpec spec, string name, string inUseBy, CancellationToken cancellationToken)
    {
        var group = await FindAsync(ec2, spec.Network.VpcId, name, cancellationToken).ConfigureAwait(false);
        if (group is null || !Ownership.IsOurs(group.Tags, spec))
        {
            return null;
        }
        try
        {
            await ec2.DeleteSecurityGroupAsync(group.GroupId, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            return null;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "DependencyViolation")
        {
            return $"security group {name} ({group.GroupId}, still in use by {inUseBy})";
        }
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
