using System.Net;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Faults;

/// <summary>Applies the injected faults (outermost, so a lost response has gone through every rule).</summary>
internal sealed class FaultBehavior(RealismLayer layer) : ICallBehavior
{
    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        var fault = layer.Faults.TryTake(call.Service, call.Action);
        switch (fault?.Kind)
        {
            case null:
                return await next(call, cancellationToken).ConfigureAwait(false);
            case FaultKind.Error:
                return AwsErrors.Create(call, (HttpStatusCode)fault.HttpStatus, fault.ErrorCode, fault.ErrorMessage);
            case FaultKind.Throttle:
                return AwsErrors.Throttling(call);
            case FaultKind.ResourceFailed:
                call.CreatesFailingResource = true;
                return await next(call, cancellationToken).ConfigureAwait(false);
            case FaultKind.ResourceStuck:
                call.CreatesStuckResource = true;
                return await next(call, cancellationToken).ConfigureAwait(false);
            case FaultKind.Delay:
                var delay = Task.Delay(fault.Delay, layer.WaitTime, cancellationToken);
                fault.Hold(+1); // after the timer exists: a test may now move its clock
                try
                {
                    await delay.ConfigureAwait(false);
                }
                finally
                {
                    fault.Hold(-1);
                }
                return await next(call, cancellationToken).ConfigureAwait(false);
            default:
                using (await next(call, cancellationToken).ConfigureAwait(false))
                {
                    // The call took effect; its answer is lost on the way back.
                }
                if (fault.LostAs == LostResponseMode.Timeout)
                {
                    throw new TaskCanceledException(
                        $"Injected lost response: {call.Service}:{call.Action} took effect but the caller timed out.",
                        new TimeoutException("The operation was canceled (injected lost response)."));
                }
                var code = call.Protocol switch
                {
                    AwsProtocol.Ec2Query => "InternalError",
                    AwsProtocol.RestXml => "InternalError",
                    _ => "InternalFailure",
                };
                return AwsErrors.Create(call, HttpStatusCode.InternalServerError, code,
                    "We encountered an internal error. Please try again. (injected lost response)");
        }
    }
}
