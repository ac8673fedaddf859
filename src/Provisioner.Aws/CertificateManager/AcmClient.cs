using System.Text;
using Provisioner.Aws.Protocols;

namespace Provisioner.Aws.CertificateManager;

/// <summary>ACM over AWS JSON 1.1 (<c>CertificateManager</c>). Blob members travel base64-encoded.</summary>
internal sealed class AcmClient(AwsTransport transport) : IAcmClient
{
    private readonly JsonProtocol _json = new(transport, AwsService.Acm, "CertificateManager", "1.1");

    public async Task<string> ImportCertificateAsync(ImportCertificateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await _json.CallAsync("ImportCertificate", w =>
        {
            w.StringIfSet("CertificateArn", request.CertificateArn);
            w.WriteBase64String("Certificate", Encoding.UTF8.GetBytes(request.CertificatePem));
            w.WriteBase64String("PrivateKey", Encoding.UTF8.GetBytes(request.PrivateKeyPem));
            if (request.CertificateChainPem is { } chain)
            {
                w.WriteBase64String("CertificateChain", Encoding.UTF8.GetBytes(chain));
            }
            w.KeyValueArrayIfSet("Tags", request.Tags, "Key", "Value");
        }, cancellationToken).ConfigureAwait(false);
        return result.RequiredString("CertificateArn");
    }

    public async Task<CertificateDetail> DescribeCertificateAsync(string certificateArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificateArn);
        var result = await _json.CallAsync("DescribeCertificate", w => w.WriteString("CertificateArn", certificateArn), cancellationToken).ConfigureAwait(false);
        var c = result.Member("Certificate") ?? throw new FormatException("DescribeCertificate: the answer holds no certificate.");
        return new CertificateDetail(
            c.String("CertificateArn") ?? certificateArn,
            c.String("DomainName"),
            c.String("Status"),
            c.String("Type"),
            c.Timestamp("NotAfter"),
            c.StringArray("InUseBy"));
    }

    public async Task DeleteCertificateAsync(string certificateArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificateArn);
        await _json.CallAsync("DeleteCertificate", w => w.WriteString("CertificateArn", certificateArn), cancellationToken).ConfigureAwait(false);
    }

    public async Task<ListCertificatesResponse> ListCertificatesAsync(ListCertificatesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await _json.CallAsync("ListCertificates", w =>
        {
            w.StringArrayIfSet("CertificateStatuses", request.CertificateStatuses);
            w.StringIfSet("NextToken", request.NextToken);
            w.NumberIfSet("MaxItems", request.MaxItems);
        }, cancellationToken).ConfigureAwait(false);
        var summaries = result.Array("CertificateSummaryList")
            .Select(s => new CertificateSummary(s.RequiredString("CertificateArn"), s.String("DomainName")))
            .ToList();
        return new ListCertificatesResponse(summaries, result.String("NextToken"));
    }

    public async Task<IReadOnlyDictionary<string, string>> ListTagsForCertificateAsync(string certificateArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificateArn);
        var result = await _json.CallAsync("ListTagsForCertificate", w => w.WriteString("CertificateArn", certificateArn), cancellationToken).ConfigureAwait(false);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in result.Array("Tags"))
        {
            if (tag.String("Key") is { } key)
            {
                tags[key] = tag.String("Value") ?? "";
            }
        }
        return tags;
    }
}
