namespace Provisioner.Aws.CertificateManager;

/// <summary>PEM texts. The private key never leaves the function that generated it (never in a payload or log).</summary>
public sealed record ImportCertificateRequest
{
    public required string CertificatePem { get; init; }
    public required string PrivateKeyPem { get; init; }
    public string? CertificateChainPem { get; init; }
    public string? CertificateArn { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Keeps the key out of logs and exception messages.</summary>
    public override string ToString() => $"ImportCertificateRequest {{ CertificateArn = {CertificateArn}, Tags = {Tags?.Count ?? 0} }}";
}

/// <summary>Status: <c>ISSUED</c>, <c>PENDING_VALIDATION</c>, <c>EXPIRED</c>, ...; Type: <c>IMPORTED</c> | <c>AMAZON_ISSUED</c> | <c>PRIVATE</c>.</summary>
public sealed record CertificateDetail(
    string CertificateArn,
    string? DomainName,
    string? Status,
    string? Type,
    DateTimeOffset? NotAfter,
    IReadOnlyList<string> InUseBy);

public sealed record ListCertificatesRequest
{
    public IReadOnlyList<string>? CertificateStatuses { get; init; }
    public string? NextToken { get; init; }
    public int? MaxItems { get; init; }
}

public sealed record CertificateSummary(string CertificateArn, string? DomainName);

public sealed record ListCertificatesResponse(IReadOnlyList<CertificateSummary> Certificates, string? NextToken);
