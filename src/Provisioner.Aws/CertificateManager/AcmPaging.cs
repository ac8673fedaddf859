namespace Provisioner.Aws.CertificateManager;

/// <summary>Every page of ListCertificates (NextToken).</summary>
public static class AcmPaging
{
    public static IAsyncEnumerable<CertificateSummary> ListAllCertificatesAsync(this IAcmClient client, ListCertificatesRequest request, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((token, ct) => client.ListCertificatesAsync(request with { NextToken = token }, ct), p => p.Certificates, p => p.NextToken, cancellationToken);
}
