using System.Net;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// CreateRule at a priority the listener already has a rule at fails with <c>PriorityInUse</c>. moto 5.2.1
/// compares the request's priority (a string) with its rules' (numbers) and so never finds one: it adds a
/// second rule at the same priority.
/// </summary>
internal sealed class ListenerRulePriorityInUse(RealismLayer layer) : ICallBehavior
{
    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "elasticloadbalancing" || call.Action != "CreateRule"
            || call.Param("ListenerArn") is not { Length: > 0 } listener || call.Param("Priority") is not { Length: > 0 } priority)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        var rules = await layer.Moto.QueryAsync("elasticloadbalancing", "DescribeRules", [new("ListenerArn", listener)], cancellationToken).ConfigureAwait(false);
        if (rules.Named("Priority").Any(p => p.Value.Trim() == priority.Trim()))
        {
            return AwsErrors.Create(call, HttpStatusCode.BadRequest, "PriorityInUse", $"Priority '{priority}' is currently in use");
        }
        return await next(call, cancellationToken).ConfigureAwait(false);
    }
}
