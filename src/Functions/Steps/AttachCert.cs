using Provisioner.Aws;
using Provisioner.Aws.CertificateManager;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;

namespace Provisioner.Functions.Steps;

public sealed record AttachCertInput(EnvironmentSpec Spec, string LoadBalancerArn, string TargetGroupArn, string HttpListenerArn);

/// <summary>All null/false when the spec turns HTTPS off. <see cref="Imported"/>: the certificate is ours (self-signed) and Undo deletes it.</summary>
public sealed record AttachCertOutput(string? CertificateArn, string? HttpsListenerArn, bool Imported);

/// <summary>
/// HTTPS for the load balancer: the spec's certificate, or a self-signed one generated here and imported to
/// ACM (the private key exists only in this process and the import call); an HTTPS listener forwarding to
/// the target group; the HTTP listener turned into a redirect to HTTPS when asked. Also sets the target
/// group's stickiness (<c>lb_cookie</c>), which applies whether or not HTTPS is on.
/// </summary>
public sealed class AttachCert(IElbV2Client elb, IAcmClient acm, TimeProvider time)
{
    private const string Step = StepNames.AttachCert;
    public const int HttpsPort = 443;
    public const int HttpPort = 80;

    /// <summary>AWS's recommended policy for new HTTPS listeners (TLS 1.3 and 1.2).</summary>
    public const string SslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    public static readonly TimeSpan CertificateValidity = TimeSpan.FromDays(365);

    public async Task<AttachCertOutput> RunAsync(AttachCertInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        await elb.ModifyTargetGroupAttributesAsync(input.TargetGroupArn, StickinessAttributes(spec.LoadBalancer.Stickiness), cancellationToken).ConfigureAwait(false);
        var https = spec.LoadBalancer.Https;
        if (https is null)
        {
            return new AttachCertOutput(null, null, false);
        }

        var (certificateArn, imported) = https.CertificateArn is { Length: > 0 } given
            ? (given, false)
            : (await FindOrImportAsync(spec, input.LoadBalancerArn, cancellationToken).ConfigureAwait(false), true);

        var listeners = await ListenersAsync(elb, input.LoadBalancerArn, cancellationToken).ConfigureAwait(false);
        var httpsListener = listeners.FirstOrDefault(l => l.Port == HttpsPort)
            ?? await CreateHttpsListenerAsync(spec, input, certificateArn, cancellationToken).ConfigureAwait(false);
        if (!httpsListener.CertificateArns.Contains(certificateArn))
        {
            httpsListener = await elb.ModifyListenerAsync(
                new ModifyListenerRequest { ListenerArn = httpsListener.ListenerArn, CertificateArns = [certificateArn] },
                cancellationToken).ConfigureAwait(false);
        }

        if (spec.LoadBalancer.RedirectHttpToHttps)
        {
            var http = listeners.FirstOrDefault(l => l.ListenerArn == input.HttpListenerArn);
            if (http is null || !http.DefaultActions.Any(IsHttpsRedirect))
            {
                await elb.ModifyListenerAsync(
                    new ModifyListenerRequest { ListenerArn = input.HttpListenerArn, DefaultActions = [HttpsRedirect] },
                    cancellationToken).ConfigureAwait(false);
            }
        }
        return new AttachCertOutput(certificateArn, httpsListener.ListenerArn, imported);
    }

    public async Task<UndoResult> UndoAsync(StepInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var names = ResourceNames.For(spec.EnvironmentId);
        var loadBalancer = await CreateAlb.FindLoadBalancerAsync(elb, names.LoadBalancer, cancellationToken).ConfigureAwait(false);
        if (loadBalancer is not null)
        {
            var listeners = await ListenersAsync(elb, loadBalancer.LoadBalancerArn, cancellationToken).ConfigureAwait(false);
            foreach (var listener in listeners.Where(l => l.Port == HttpsPort))
            {
                await DeleteListenerAsync(elb, listener.ListenerArn, cancellationToken).ConfigureAwait(false);
            }
            var http = listeners.FirstOrDefault(l => l.Port == HttpPort && l.DefaultActions.Any(IsHttpsRedirect));
            var group = http is null ? null : await CreateTargetGroup.FindAsync(elb, names.TargetGroup, cancellationToken).ConfigureAwait(false);
            if (http is not null && group is not null)
            {
                // Back to what CreateAlb made, so undoing only this step leaves a working HTTP load balancer.
                await elb.ModifyListenerAsync(
                    new ModifyListenerRequest { ListenerArn = http.ListenerArn, DefaultActions = [ListenerAction.Forward(group.TargetGroupArn)] },
                    cancellationToken).ConfigureAwait(false);
            }
        }

        var remaining = new List<string>();
        foreach (var certificateArn in await FindImportedAsync(spec, cancellationToken).ConfigureAwait(false))
        {
            if (certificateArn == spec.LoadBalancer.Https?.CertificateArn)
            {
                continue; // given by the user: never ours to delete
            }
            try
            {
                await acm.DeleteCertificateAsync(certificateArn, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.IsNotFound)
            {
                // Already gone.
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "ResourceInUseException")
            {
                // ACM notices a deleted listener a little later.
                remaining.Add($"certificate {certificateArn} (still in use)");
            }
        }
        return UndoResult.From(remaining, TimeSpan.FromSeconds(10));
    }

    internal static IReadOnlyDictionary<string, string> StickinessAttributes(StickinessSpec stickiness)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TargetGroupAttributeKeys.StickinessEnabled] = stickiness.Enabled ? "true" : "false",
        };
        if (stickiness.Enabled)
        {
            attributes[TargetGroupAttributeKeys.StickinessType] = "lb_cookie";
            attributes[TargetGroupAttributeKeys.StickinessCookieDurationSeconds] =
                stickiness.DurationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return attributes;
    }

    internal static ListenerAction HttpsRedirect { get; } =
        ListenerAction.RedirectTo(new RedirectConfig("HTTP_301", Protocol: "HTTPS", Port: "443"));

    private static bool IsHttpsRedirect(ListenerAction action) =>
        action.Type == "redirect" && string.Equals(action.Redirect?.Protocol, "HTTPS", StringComparison.OrdinalIgnoreCase);

    private async Task<string> FindOrImportAsync(EnvironmentSpec spec, string loadBalancerArn, CancellationToken cancellationToken)
    {
        // ImportCertificate has no idempotency token: an import whose answer was lost is found by its tags.
        var existing = await FindImportedAsync(spec, cancellationToken).ConfigureAwait(false);
        if (existing.Count > 0)
        {
            return existing[0];
        }
        var loadBalancer = await CreateAlb.DescribeByArnAsync(elb, loadBalancerArn, cancellationToken).ConfigureAwait(false)
            ?? throw new StepFailedException(StepErrors.Rejected, $"Load balancer {loadBalancerArn} does not exist; CreateAlb must run first.");
        var names = ResourceNames.For(spec.EnvironmentId);
        var certificate = SelfSignedCertificate.Create(loadBalancer.DnsName, names.Certificate, time.GetUtcNow(), CertificateValidity);
        return await acm.ImportCertificateAsync(
            new ImportCertificateRequest
            {
                CertificatePem = certificate.CertificatePem,
                PrivateKeyPem = certificate.PrivateKeyPem,
                Tags = Ownership.Tags(spec, Step, names.Certificate),
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Certificates this step imported for the environment (by tag), oldest listing first.</summary>
    private async Task<IReadOnlyList<string>> FindImportedAsync(EnvironmentSpec spec, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        string? next = null;
        do
        {
            var page = await acm.ListCertificatesAsync(new ListCertificatesRequest { NextToken = next }, cancellationToken).ConfigureAwait(false);
            foreach (var summary in page.Certificates)
            {
                IReadOnlyDictionary<string, string> tags;
                try
                {
                    tags = await acm.ListTagsForCertificateAsync(summary.CertificateArn, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException ex) when (ex.IsNotFound)
                {
                    continue; // deleted between the list and the tag read
                }
                if (Ownership.IsOurs(tags, spec) && tags.TryGetValue(ResourceTags.StepKey, out var step) && step == Step)
                {
                    found.Add(summary.CertificateArn);
                }
            }
            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        return found;
    }

    private async Task<Listener> CreateHttpsListenerAsync(EnvironmentSpec spec, AttachCertInput input, string certificateArn, CancellationToken cancellationToken)
    {
        try
        {
            return await elb.CreateListenerAsync(
                new CreateListenerRequest
                {
                    LoadBalancerArn = input.LoadBalancerArn,
                    Protocol = "HTTPS",
                    Port = HttpsPort,
                    CertificateArns = [certificateArn],
                    SslPolicy = SslPolicy,
                    DefaultActions = [ListenerAction.Forward(input.TargetGroupArn)],
                    Tags = Ownership.Tags(spec, Step),
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "DuplicateListener")
        {
            var listeners = await ListenersAsync(elb, input.LoadBalancerArn, cancellationToken).ConfigureAwait(false);
            var existing = listeners.FirstOrDefault(l => l.Port == HttpsPort);
            if (existing is null)
            {
                throw;
            }
            return existing;
        }
    }

    internal static async Task<IReadOnlyList<Listener>> ListenersAsync(IElbV2Client elb, string loadBalancerArn, CancellationToken cancellationToken)
    {
        var all = new List<Listener>();
        string? marker = null;
        try
        {
            do
            {
                var page = await elb.DescribeListenersAsync(new DescribeListenersRequest { LoadBalancerArn = loadBalancerArn, Marker = marker }, cancellationToken).ConfigureAwait(false);
                all.AddRange(page.Listeners);
                marker = page.NextMarker;
            }
            while (!string.IsNullOrEmpty(marker));
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            // The load balancer is gone, and its listeners with it.
        }
        return all;
    }

    internal static async Task DeleteListenerAsync(IElbV2Client elb, string listenerArn, CancellationToken cancellationToken)
    {
        try
        {
            await elb.DeleteListenerAsync(listenerArn, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            // Already gone.
        }
    }
}
