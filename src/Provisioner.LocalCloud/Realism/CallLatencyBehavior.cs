using Provisioner.LocalCloud.Time;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Realism;

/// <summary>"Other API calls ~1 s": holds each call for a sampled latency on the layer's clock, when switched on.</summary>
internal sealed class CallLatencyBehavior(RealismLayer layer) : ICallBehavior
{
    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (layer.Options.CallLatency)
        {
            await Task.Delay(layer.Sampler.Sample(LatencyKind.ApiCall), layer.Time, cancellationToken).ConfigureAwait(false);
        }
        return await next(call, cancellationToken).ConfigureAwait(false);
    }
}
