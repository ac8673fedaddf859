using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Realism;

/// <summary>
/// The realism layer in an HTTP pipeline: reads each signed AWS request, runs it through the
/// behaviours of its <see cref="RealismLayer"/>, and sends what is left to the emulator.
/// </summary>
public sealed class RealismHandler : DelegatingHandler
{
    private readonly RealismLayer _layer;

    public RealismHandler(RealismLayer layer) => _layer = layer ?? throw new ArgumentNullException(nameof(layer));

    public RealismHandler(RealismLayer layer, HttpMessageHandler innerHandler) : base(innerHandler) =>
        _layer = layer ?? throw new ArgumentNullException(nameof(layer));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!_layer.Enabled)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        var call = await AwsCall.ReadAsync(request, cancellationToken).ConfigureAwait(false);
        return await _layer.RunAsync(call, (c, ct) => base.SendAsync(c.Request, ct), cancellationToken).ConfigureAwait(false);
    }
}
