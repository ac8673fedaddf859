using Provisioner.Core.Validation.Rules;

namespace Provisioner.Core.Tests.Validation.Rules;

public sealed class IdentifierRuleTests
{
    [Theory]
    [InlineData("ops@example.com", true)]
    [InlineData("first.last+tag@sub.example.co.uk", true)]
    [InlineData("o'brien@example.ie", true)]
    [InlineData("ops@localhost", false)]
    [InlineData("ops@@example.com", false)]
    [InlineData(".ops@example.com", false)]
    [InlineData("ops.@example.com", false)]
    [InlineData("ops@-example.com", false)]
    [InlineData("", false)]
    public void EmailAddress_IsValid(string address, bool valid) => Assert.Equal(valid, EmailAddress.IsValid(address));

    [Theory]
    [InlineData("abc", true)]
    [InlineData("my.log-archive-2026", true)]
    [InlineData("ab", false)]
    [InlineData("-abc", false)]
    [InlineData("abc-", false)]
    [InlineData("a..b", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("xn--abc", false)]
    [InlineData("logs-s3alias", false)]
    [InlineData("ABC", false)]
    public void S3BucketName_IsValid(string name, bool valid) => Assert.Equal(valid, S3BucketName.IsValid(name));

    [Theory]
    [InlineData("arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012", true)]
    [InlineData("arn:aws-us-gov:acm:us-gov-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012", true)]
    [InlineData("arn:aws:iam::123456789012:server-certificate/lab-cert", true)]
    [InlineData("arn:aws:iam::123456789012:server-certificate/division/lab-cert", true)]
    [InlineData("arn:aws:acm:us-east-1:12345678901:certificate/12345678-1234-1234-1234-123456789012", false)]
    [InlineData("arn:aws:acm:us-east-1:123456789012:certificate/lab-cert", false)]
    [InlineData("arn:aws:s3:::bucket", false)]
    public void CertificateArn_AcmOrIamServerCertificate(string arn, bool valid) => Assert.Equal(valid, AwsIdentifiers.IsCertificateArn(arn));
}
