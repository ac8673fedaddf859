using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Provisioner.Functions.Steps;

/// <summary>
/// A self-signed server certificate for the load balancer's DNS name, made inside the function so the
/// private key exists only in this process's memory and in the ACM import call: it is never returned,
/// logged or stored anywhere else. <see cref="ToString"/> deliberately shows no key material.
/// </summary>
public sealed class SelfSignedCertificate
{
    /// <summary>X.509's upper bound on a common name (RFC 5280, ub-common-name).</summary>
    public const int MaxCommonNameLength = 64;

    public const int KeySizeBits = 2048;

    private SelfSignedCertificate(string commonName, string dnsName, string certificatePem, string privateKeyPem, DateTimeOffset notAfter)
    {
        CommonName = commonName;
        DnsName = dnsName;
        CertificatePem = certificatePem;
        PrivateKeyPem = privateKeyPem;
        NotAfter = notAfter;
    }

    public string CommonName { get; }

    /// <summary>The subject alternative name (what clients actually check).</summary>
    public string DnsName { get; }

    /// <summary>The certificate, PEM, as ACM's ImportCertificate takes it.</summary>
    public string CertificatePem { get; }

    /// <summary>The RSA private key, PKCS#1 PEM. Goes to ImportCertificate and nowhere else.</summary>
    internal string PrivateKeyPem { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>
    /// Generates an RSA 2048 key and a certificate for <paramref name="dnsName"/> (CN and SAN), valid for
    /// <paramref name="validity"/> from a little before <paramref name="now"/> (clock skew).
    /// </summary>
    /// <param name="fallbackCommonName">
    /// The CN when the DNS name is longer than X.509 allows (ALB DNS names can reach ~80 characters); the SAN
    /// always carries the DNS name, and that is the name browsers and clients match.
    /// </param>
    public static SelfSignedCertificate Create(string dnsName, string fallbackCommonName, DateTimeOffset now, TimeSpan validity)
    {
        ArgumentException.ThrowIfNullOrEmpty(dnsName);
        ArgumentException.ThrowIfNullOrEmpty(fallbackCommonName);
        var commonName = dnsName.Length <= MaxCommonNameLength ? dnsName : fallbackCommonName;

        using var key = RSA.Create(KeySizeBits);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        request.CertificateExtensions.Add(san.Build(critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        // Backdated a day: ACM refuses a certificate that is not yet in effect by its own clock, so a function
        // clock that runs ahead (skew, or a simulated clock running faster than real time) must not matter.
        var notBefore = now - TimeSpan.FromDays(1);
        var notAfter = now + validity;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number, as RFC 5280 requires
        using var certificate = request.Create(subject.Build(), X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1), notBefore, notAfter, serial);

        return new SelfSignedCertificate(
            commonName,
            dnsName,
            certificate.ExportCertificatePem(),
            key.ExportRSAPrivateKeyPem(),
            notAfter);
    }

    public override string ToString() => $"self-signed certificate CN={CommonName}, SAN={DnsName}, valid until {NotAfter:O} (key not shown)";
}
