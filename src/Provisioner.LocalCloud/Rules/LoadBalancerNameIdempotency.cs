using System.Net;
using System.Xml.Linq;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// CreateLoadBalancer is idempotent by name: the same name with the same settings returns the existing
/// load balancer; the same name with different settings fails with <c>DuplicateLoadBalancerName</c>.
/// moto 5.2.1 creates a second load balancer with the same name instead.
/// </summary>
internal sealed class LoadBalancerNameIdempotency(RealismLayer layer) : ICallBehavior
{
    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "elasticloadbalancing" || call.Action != "CreateLoadBalancer" || call.Param("Name") is not { Length: > 0 } name)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        XDocument existing;
        try
        {
            existing = await layer.Moto.QueryAsync("elasticloadbalancing", "DescribeLoadBalancers", [new("Names.member.1", name)], cancellationToken).ConfigureAwait(false);
        }
        catch (BackchannelException ex) when (ex.ErrorCode == "LoadBalancerNotFound")
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        var member = existing.Named("LoadBalancers").FirstOrDefault()?.Elements().FirstOrDefault();
        if (member is null)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        if (!SameSettings(call, member))
        {
            return AwsErrors.Create(call, HttpStatusCode.BadRequest, "DuplicateLoadBalancerName",
                $"A load balancer with the name '{name}' already exists, with different settings.");
        }
        return QueryResults.Rename(call, existing, "DescribeLoadBalancers");
    }

    private static bool SameSettings(AwsCall call, XElement member)
    {
        var subnets = call.ParamList("Subnets.member");
        var existingSubnets = member.Child("AvailabilityZones")?.Elements().Select(az => az.ChildValue("SubnetId") ?? "").ToList() ?? [];
        if (subnets.Count > 0 && !SetEquals(subnets, existingSubnets))
        {
            return false;
        }
        var groups = call.ParamList("SecurityGroups.member");
        var existingGroups = member.Child("SecurityGroups")?.Elements().Select(g => g.Value).ToList() ?? [];
        if (groups.Count > 0 && !SetEquals(groups, existingGroups))
        {
            return false;
        }
        return Same(call.Param("Scheme") ?? "internet-facing", member.ChildValue("Scheme") ?? "internet-facing")
            && Same(call.Param("Type") ?? "application", member.ChildValue("Type") ?? "application")
            && Same(call.Param("IpAddressType") ?? "ipv4", member.ChildValue("IpAddressType") ?? "ipv4");
    }

    private static bool SetEquals(IEnumerable<string> a, IEnumerable<string> b) =>
        new HashSet<string>(a, StringComparer.Ordinal).SetEquals(b);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
