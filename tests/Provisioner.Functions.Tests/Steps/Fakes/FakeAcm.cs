using Provisioner.Aws.CertificateManager;

namespace Provisioner.Functions.Tests.Steps.Fakes;

/// <summary>ACM in memory. Keeps what was imported, including the key, so tests can check it went only here.</summary>
public sealed class FakeAcm(FakeAws aws) : FakeService(aws, "acm"), IAcmClient
{
    public Dictionary<string, ImportCertificateRequest> Certificates { get; } = new(StringComparer.Ordinal);
    public HashSet<string> InUse { get; } = new(StringComparer.Ordinal);

    public Task<string> ImportCertificateAsync(ImportCertificateRequest request, CancellationToken cancellationToken = default) =>
        Do("ImportCertificate", "", () =>
        {
            var arn = $"arn:aws:acm:us-east-1:123456789012:certificate/{Guid.NewGuid()}";
            Certificates[arn] = request;
            return arn;
        });

    public Task<CertificateDetail> DescribeCertificateAsync(string certificateArn, CancellationToken cancellationToken = default) =>
        Do("DescribeCertificate", certificateArn, () => Certificates.ContainsKey(certificateArn)
            ? new CertificateDetail(certificateArn, null, "ISSUED", "IMPORTED", null, [])
            : throw Error("DescribeCertificate", "ResourceNotFoundException"));

    public Task DeleteCertificateAsync(string certificateArn, CancellationToken cancellationToken = default) =>
        Do("DeleteCertificate", certificateArn, () =>
        {
            if (InUse.Contains(certificateArn))
            {
                throw Error("DeleteCertificate", "ResourceInUseException", "Certificate is in use");
            }
            if (!Certificates.Remove(certificateArn))
            {
                throw Error("DeleteCertificate", "ResourceNotFoundException");
            }
        });

    public Task<ListCertificatesResponse> ListCertificatesAsync(ListCertificatesRequest request, CancellationToken cancellationToken = default) =>
        Do("ListCertificates", "", () => new ListCertificatesResponse(Certificates.Keys.Select(a => new CertificateSummary(a, null)).ToList(), null));

    public Task<IReadOnlyDictionary<string, string>> ListTagsForCertificateAsync(string certificateArn, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyDictionary<string, string>>("ListTagsForCertificate", certificateArn, () => Certificates.TryGetValue(certificateArn, out var request)
            ? Copy(request.Tags)
            : throw Error("ListTagsForCertificate", "ResourceNotFoundException"));
}
