using System.Globalization;
using System.Net;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// UpdateAutoScalingGroup whose resulting sizes (the given ones, the group's for the rest) put the desired
/// capacity outside min..max fails with <c>ValidationError</c>, as AWS answers: "Desired capacity:0 must be
/// between the specified min size:1 and max size:2". moto 5.2.1 accepts it. (A min or max alone that moves
/// past the current desired capacity moves desired with it on AWS, which moto also does.)
/// </summary>
internal sealed class AutoScalingGroupSizes(RealismLayer layer) : ICallBehavior
{
    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "autoscaling" || call.Action != "UpdateAutoScalingGroup"
            || call.Param("AutoScalingGroupName") is not { Length: > 0 } name || Int(call.Param("DesiredCapacity")) is not { } desired)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        var existing = await layer.Moto.QueryAsync("autoscaling", "DescribeAutoScalingGroups", [new("AutoScalingGroupNames.member.1", name)], cancellationToken).ConfigureAwait(false);
        var group = existing.Named("AutoScalingGroupName").FirstOrDefault(e => e.Value == name)?.Parent;
        if (group is null)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        var min = Int(call.Param("MinSize")) ?? Int(group.Named("MinSize").FirstOrDefault()?.Value) ?? 0;
        var max = Int(call.Param("MaxSize")) ?? Int(group.Named("MaxSize").FirstOrDefault()?.Value) ?? int.MaxValue;
        if (desired < min || desired > max)
        {
            return AwsErrors.Create(call, HttpStatusCode.BadRequest, "ValidationError",
                $"Desired capacity:{desired} must be between the specified min size:{min} and max size:{max}");
        }
        return await next(call, cancellationToken).ConfigureAwait(false);
    }

    private static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
