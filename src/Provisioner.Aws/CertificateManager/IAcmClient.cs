namespace Provisioner.Aws.CertificateManager;

/// <summary>
/// AWS Certificate Manager, AWS JSON 1.1 protocol (<c>X-Amz-Target: CertificateManager.*</c>).
/// Errors: <see cref="AwsServiceException"/>.
/// </summary>
/// <remarks>
/// Not found: <c>ResourceNotFoundException</c>. ImportCertificate has no idempotency token: every call
/// without CertificateArn makes a new certificate, so callers find an earlier import by its tags
/// (ListCertificates + ListTagsForCertificate) first. DeleteCertificate while a listener still uses it:
/// <c>ResourceInUseException</c> (retry after the listener is gone).
/// </remarks>
public interface IAcmClient
{
    /// <summary>Imports PEM certificate and key (re-imports into <c>CertificateArn</c> when given); returns the ARN.</summary>
    Task<string> ImportCertificateAsync(ImportCertificateRequest request, CancellationToken cancellationToken = default);

    Task<CertificateDetail> DescribeCertificateAsync(string certificateArn, CancellationToken cancellationToken = default);

    Task DeleteCertificateAsync(string certificateArn, CancellationToken cancellationToken = default);

    /// <summary>One page of certificate summaries, optionally by status (<c>ISSUED</c>, ...).</summary>
    Task<ListCertificatesResponse> ListCertificatesAsync(ListCertificatesRequest request, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, string>> ListTagsForCertificateAsync(string certificateArn, CancellationToken cancellationToken = default);
}
