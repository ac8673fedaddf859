using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// EC2 client tokens (idempotency): a repeated CreateLaunchTemplate or RunInstances with the same
/// ClientToken and the same parameters returns the first call's result without doing anything; the same
/// token with different parameters fails with <c>IdempotentParameterMismatch</c>. moto 5.2.1 ignores the
/// token (the retry fails with AlreadyExistsException, or RunInstances launches again). The tokens seen are kept
/// in <paramref name="state"/>: AWS remembers a token for at least 24 hours, across any restart of ours.
/// </summary>
internal sealed class LaunchTemplateClientToken(LocalCloudState state) : ICallBehavior, IPersistentState
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenUse> _done = new(StringComparer.Ordinal);

    private sealed record TokenUse(string Fingerprint, string Body, string MediaType);

    public string StateName => "clientTokens";

    public JsonNode SaveState() => JsonSerializer.SerializeToNode(new SortedDictionary<string, TokenUse>(_done, StringComparer.Ordinal), LocalCloudState.Json)!;

    public void LoadState(JsonNode saved)
    {
        foreach (var (key, use) in saved.Deserialize<Dictionary<string, TokenUse>>(LocalCloudState.Json) ?? [])
        {
            _done.TryAdd(key, use);
        }
    }

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
                _done[key] = new TokenUse(fingerprint, body, mediaType);
                state.Changed();
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
