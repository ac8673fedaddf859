using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Limits;

/// <summary>Throttles calls beyond AWS's rates with the service's real throttling error.</summary>
internal sealed class RateLimitBehavior(RealismLayer layer) : ICallBehavior
{
    public Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        var unfiltered = call.Protocol == AwsProtocol.Ec2Query &&
            !call.Form.Keys.Any(k => k.StartsWith("Filter.", StringComparison.Ordinal) || k is "MaxResults" or "NextToken");
        return layer.RateLimits.TryAcquire(call.Service, call.Action, unfiltered)
            ? next(call, cancellationToken)
            : Task.FromResult(AwsErrors.Throttling(call));
    }
}
