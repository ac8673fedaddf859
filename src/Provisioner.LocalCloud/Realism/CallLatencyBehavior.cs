using System.Security.Cryptography;
using Provisioner.LocalCloud.Time;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Realism;

/// <summary>
/// "Other API calls ~1 s": holds each call for a sampled latency on the layer's clock, when switched on. The
/// draw is keyed by the calling task's <see cref="LatencyScope"/> (or the request itself), so the same run gets
/// the same latencies whatever order concurrent branches call in.
/// </summary>
internal sealed class CallLatencyBehavior(RealismLayer layer) : ICallBehavior
{
    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (layer.Options.CallLatency)
        {
            // Outside a LatencyScope the request itself is the key (inside one, the n-th draw of the scope).
            var key = $"{call.Service}:{call.Action}:{Convert.ToHexString(SHA256.HashData(call.Body))}";
            await Task.Delay(layer.Sampler.Sample(LatencyKind.ApiCall, key), layer.WaitTime, cancellationToken).ConfigureAwait(false);
        }
        return await next(call, cancellationToken).ConfigureAwait(false);
    }
}
