using Provisioner.Aws;
using Provisioner.Aws.CertificateManager;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps.Resources;

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
public sealed class AttachCert(IElbV2Client elb, IAcmClient acm, TimeProvider time, StepSettings? settings = null)
{
    private const string Step = StepNames.AttachCert;
    public const int HttpsPort = LoadBalancers.HttpsPort;
    public const int HttpPort = LoadBalancers.HttpPort;

    private readonly StepSettings _settings = settings ?? StepSettings.Default;

    /// <summary>AWS's recommended policy for new HTTPS listeners (TLS 1.3 and 1.2).</summary>
    public const string SslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    public static readonly TimeSpan CertificateValidity = TimeSpan.FromDays(365);

    public async Task<AttachCertOutput> RunAsync(AttachCertInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var owner = _settings.OwnerOf(spec);
        await elb.ModifyTargetGroupAttributesAsync(input.TargetGroupArn, StickinessAttributes(spec.LoadBalancer.Stickiness), cancellationToken).ConfigureAwait(false);
        var https = spec.LoadBalancer.Https;
        if (https is null)
        {
            return new AttachCertOutput(null, null, false);
        }

        var (certificateArn, imported) = https.CertificateArn is { Length: > 0 } given
            ? (given, false)
            : (await FindOrImportAsync(owner, input.LoadBalancerArn, cancellationToken).ConfigureAwait(false), true);

        var listeners = await LoadBalancers.ListenersAsync(elb, input.LoadBalancerArn, cancellationToken).ConfigureAwait(false);
        var httpsListener = await LoadBalancers.EnsureListenerAsync(
            elb,
            new CreateListenerRequest
            {
                LoadBalancerArn = input.LoadBalancerArn,
                Protocol = "HTTPS",
                Port = HttpsPort,
                CertificateArns = [certificateArn],
                SslPolicy = SslPolicy,
                DefaultActions = [ListenerAction.Forward(input.TargetGroupArn)],
                Tags = owner.Tags(Step),
            },
            cancellationToken).ConfigureAwait(false);
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

    public async Task<UndoResult> UndoAsync(UndoInput input, CancellationToken cancellationToken)
    {
        var owner = _settings.OwnerOf(input.Spec);
        var names = owner.Names;
        var loadBalancer = await LoadBalancers.FindAsync(elb, names.LoadBalancer, cancellationToken).ConfigureAwait(false);
        if (loadBalancer is not null && await LoadBalancers.MayDeleteAsync(elb, owner, loadBalancer.LoadBalancerArn, cancellationToken).ConfigureAwait(false))
        {
            var listeners = await LoadBalancers.ListenersAsync(elb, loadBalancer.LoadBalancerArn, cancellationToken).ConfigureAwait(false);
            foreach (var listener in listeners.Where(l => l.Port == HttpsPort))
            {
                await LoadBalancers.DeleteListenerAsync(elb, listener.ListenerArn, cancellationToken).ConfigureAwait(false);
            }
            var http = listeners.FirstOrDefault(l => l.Port == HttpPort && l.DefaultActions.Any(IsHttpsRedirect));
            var group = http is null ? null : await LoadBalancers.FindTargetGroupAsync(elb, names.TargetGroup, cancellationToken).ConfigureAwait(false);
            if (http is not null && group is not null)
            {
                // Back to what CreateAlb made, so undoing only this step leaves a working HTTP load balancer.
                await elb.ModifyListenerAsync(
                    new ModifyListenerRequest { ListenerArn = http.ListenerArn, DefaultActions = [ListenerAction.Forward(group.TargetGroupArn)] },
                    cancellationToken).ConfigureAwait(false);
            }
        }

        var remaining = new List<string>();
        foreach (var (certificateArn, tags) in await FindImportedAsync(owner, cancellationToken).ConfigureAwait(false))
        {
            if (!Ownership.MayDelete(owner, tags))
            {
                continue; // another generation's or deployment's; a user's own certificate carries none of our tags
            }
            if (certificateArn == input.Spec.LoadBalancer?.Https?.CertificateArn)
            {
                continue; // named by the spec: the user's, never ours to delete
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

    private async Task<string> FindOrImportAsync(ResourceOwner owner, string loadBalancerArn, CancellationToken cancellationToken)
    {
        // ImportCertificate has no idempotency token: an import whose answer was lost is found by its tags.
        var existing = await FindImportedAsync(owner, cancellationToken).ConfigureAwait(false);
        foreach (var (arn, tags) in existing)
        {
            Ownership.Claim(owner, tags, "certificate", arn);
        }
        if (existing.Count > 0)
        {
            return existing[0].Arn;
        }
        var loadBalancer = await LoadBalancers.DescribeByArnAsync(elb, loadBalancerArn, cancellationToken).ConfigureAwait(false)
            ?? throw new StepFailedException(StepErrors.Rejected, $"Load balancer {loadBalancerArn} does not exist; CreateAlb must run first.");
        var names = owner.Names;
        var certificate = SelfSignedCertificate.Create(loadBalancer.DnsName, names.Certificate, time.GetUtcNow(), CertificateValidity);
        return await acm.ImportCertificateAsync(
            new ImportCertificateRequest
            {
                CertificatePem = certificate.CertificatePem,
                PrivateKeyPem = certificate.PrivateKeyPem,
                Tags = owner.Tags(Step, names.Certificate),
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Certificates this step imported for the environment in any generation or deployment (by tag), oldest listing first, with their tags.</summary>
    private async Task<IReadOnlyList<(string Arn, IReadOnlyDictionary<string, string> Tags)>> FindImportedAsync(ResourceOwner owner, CancellationToken cancellationToken)
    {
        var found = new List<(string, IReadOnlyDictionary<string, string>)>();
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
                if (owner.Judge(tags) != OwnershipVerdict.Foreign && tags.TryGetValue(ResourceTags.StepKey, out var step) && step == Step)
                {
                    found.Add((summary.CertificateArn, tags));
                }
            }
            next = page.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        return found;
    }
}
