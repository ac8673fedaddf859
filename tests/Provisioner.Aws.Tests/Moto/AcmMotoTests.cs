using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Provisioner.Aws.CertificateManager;

namespace Provisioner.Aws.Tests.Moto;

public sealed class AcmMotoTests(MotoFixture moto) : MotoTest(moto)
{
    [Fact]
    public async Task Certificate_ImportDescribeListTagsDelete_RoundTrips()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=shop-dev.example.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(365));

        var arn = await Aws.Acm.ImportCertificateAsync(new ImportCertificateRequest
        {
            CertificatePem = certificate.ExportCertificatePem(),
            PrivateKeyPem = key.ExportPkcs8PrivateKeyPem(),
            Tags = new Dictionary<string, string> { ["Name"] = "prov-shop-dev-cert", ["provisioner:environment"] = "shop-dev" },
        }, Ct);
        Assert.StartsWith("arn:aws:acm:", arn);

        var detail = await Aws.Acm.DescribeCertificateAsync(arn, Ct);
        Assert.Equal("shop-dev.example.test", detail.DomainName);
        Assert.Equal("IMPORTED", detail.Type);
        Assert.NotNull(detail.NotAfter);

        var list = await Aws.Acm.ListCertificatesAsync(new ListCertificatesRequest(), Ct);
        Assert.Contains(list.Certificates, c => c.CertificateArn == arn);

        var tags = await Aws.Acm.ListTagsForCertificateAsync(arn, Ct);
        Assert.Equal("prov-shop-dev-cert", tags["Name"]);

        await Aws.Acm.DeleteCertificateAsync(arn, Ct);
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Aws.Acm.DescribeCertificateAsync(arn, Ct));
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.True(error.IsNotFound);
    }
}
