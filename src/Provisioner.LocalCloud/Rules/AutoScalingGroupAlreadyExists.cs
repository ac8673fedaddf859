using System.Net;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// CreateAutoScalingGroup with the name of an existing group (also one still being deleted) fails with
/// <c>AlreadyExists</c>. moto 5.2.1 silently replaces the group, terminating its instances.
/// </summary>
internal sealed class AutoScalingGroupAlreadyExists(RealismLayer layer) : ICallBehavior
{
    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "autoscaling" || call.Action != "CreateAutoScalingGroup" || call.Param("AutoScalingGroupName") is not { Length: > 0 } name)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        if (layer.AutoScaling.IsPendingDelete(name))
        {
            return AwsErrors.Create(call, HttpStatusCode.BadRequest, "AlreadyExists",
                $"AutoScalingGroup by this name already exists - A group with the name {name} is pending delete");
        }
        var existing = await layer.Moto.QueryAsync("autoscaling", "DescribeAutoScalingGroups", [new("AutoScalingGroupNames.member.1", name)], cancellationToken).ConfigureAwait(false);
        if (existing.Named("AutoScalingGroupName").Any(e => e.Value == name))
        {
            return AwsErrors.Create(call, HttpStatusCode.BadRequest, "AlreadyExists",
                $"AutoScalingGroup by this name already exists - A group with the name {name} already exists");
        }
        return await next(call, cancellationToken).ConfigureAwait(false);
    }
}
