using System.Net;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// DeleteSecurityGroup fails with <c>DependencyViolation</c> while the group is referenced by another
/// group's rule, or in use by an instance or a load balancer (including one deleted moments ago whose
/// network interfaces are still being released). moto 5.2.1 deletes it anyway.
/// </summary>
internal sealed class SecurityGroupDependencies(RealismLayer layer) : ICallBehavior
{
    private static readonly HashSet<string> LiveInstanceStates = new(StringComparer.Ordinal)
    {
        "pending", "running", "stopping", "stopped", "shutting-down",
    };

    private static readonly string[] RuleLists = ["ipPermissions", "ipPermissionsEgress"];

    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "ec2" || call.Action != "DeleteSecurityGroup")
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        var groupId = call.Param("GroupId");
        if (groupId is null && call.Param("GroupName") is { } groupName)
        {
            var byName = await layer.Moto.QueryAsync("ec2", "DescribeSecurityGroups",
                [new("Filter.1.Name", "group-name"), new("Filter.1.Value.1", groupName)], cancellationToken).ConfigureAwait(false);
            groupId = byName.Named("securityGroupInfo").FirstOrDefault()?.Elements().FirstOrDefault()?.ChildValue("groupId");
        }
        if (groupId is null)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        var dependent = await FindDependentAsync(groupId, cancellationToken).ConfigureAwait(false);
        if (dependent is not null)
        {
            return AwsErrors.Create(call, HttpStatusCode.BadRequest, "DependencyViolation",
                $"resource {groupId} has a dependent object ({dependent})");
        }
        return await next(call, cancellationToken).ConfigureAwait(false);
    }

    private async Task<string?> FindDependentAsync(string groupId, CancellationToken cancellationToken)
    {
        if (layer.LoadBalancers.SecurityGroupReleasedAt(groupId) is { } releasedAt && layer.Time.GetUtcNow() < releasedAt)
        {
            return "network interfaces of a deleted load balancer, still being released";
        }

        var groups = await layer.Moto.QueryAsync("ec2", "DescribeSecurityGroups", cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var group in groups.Named("securityGroupInfo").SelectMany(e => e.Elements()))
        {
            var id = group.ChildValue("groupId");
            if (id == groupId)
            {
                continue;
            }
            var referenced = RuleLists
                .SelectMany(n => group.Child(n)?.Named("groupId") ?? [])
                .Any(e => e.Value == groupId);
            if (referenced)
            {
                return $"a rule of {id}";
            }
        }

        var instances = await layer.Moto.QueryAsync("ec2", "DescribeInstances", cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var instance in instances.Named("instancesSet").SelectMany(e => e.Elements()))
        {
            var state = instance.Child("instanceState")?.ChildValue("name");
            if (state is not null && LiveInstanceStates.Contains(state) &&
                (instance.Child("groupSet")?.Named("groupId").Any(e => e.Value == groupId) ?? false))
            {
                return $"instance {instance.ChildValue("instanceId")}";
            }
        }

        var terminating = layer.AutoScaling.TerminatingInstances();
        if (terminating.Count > 0)
        {
            var parameters = terminating.Select((id, i) => new KeyValuePair<string, string>($"InstanceId.{i + 1}", id));
            var held = await layer.Moto.QueryAsync("ec2", "DescribeInstances", parameters, cancellationToken).ConfigureAwait(false);
            foreach (var instance in held.Named("instancesSet").SelectMany(e => e.Elements()))
            {
                if (instance.Child("groupSet")?.Named("groupId").Any(e => e.Value == groupId) ?? false)
                {
                    return $"instance {instance.ChildValue("instanceId")}, still terminating with its Auto Scaling group";
                }
            }
        }

        var balancers = await layer.Moto.QueryAsync("elasticloadbalancing", "DescribeLoadBalancers", cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var balancer in balancers.Named("LoadBalancers").SelectMany(e => e.Elements()))
        {
            if (balancer.Child("SecurityGroups")?.Elements().Any(e => e.Value == groupId) ?? false)
            {
                return $"load balancer {balancer.ChildValue("LoadBalancerName")}";
            }
        }
        return null;
    }
}
