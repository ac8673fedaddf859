using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// EC2 client tokens (idempotency): a repeated CreateLaunchTemplate or RunInstances with the same
/// ClientToken and the same parameters returns the first call's result without doing anything; the same
/// token with different parameters fails with <c>IdempotentParameterMismatch</c>. moto 5.2.1 ignores the
/// token (the retry fails with AlreadyExistsException, or RunInstances launches again).
/// </summary>
internal sealed class LaunchTemplateClientToken : ICallBehavior
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Fingerprint, string Body, string MediaType)> _done = new(StringComparer.Ordinal);

    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "ec2" || call.Action is not ("CreateLaunchTemplate" or "RunInstances") || call.Param("ClientToken") is not { Length: > 0 } token)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        var key = call.Action + "\n" + token;
        var fingerprint = string.Join('&', call.Form.Where(p => p.Key is not ("Version"))
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value));
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_done.TryGetValue(key, out var earlier))
            {
                if (earlier.Fingerprint != fingerprint)
                {
                    return AwsErrors.Create(call, HttpStatusCode.BadRequest, "IdempotentParameterMismatch",
                        $"Client token {token} was used before with different parameters.");
                }
                return new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent(earlier.Body, Encoding.UTF8, earlier.MediaType),
                    RequestMessage = call.Request,
                };
            }
            var response = await next(call, cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                var mediaType = response.Content.Headers.ContentType?.MediaType ?? "text/xml";
                _done[key] = (fingerprint, body, mediaType);
                response.Content = new StringContent(body, Encoding.UTF8, mediaType);
            }
            return response;
        }
        finally
        {
            gate.Release();
        }
    }
}
