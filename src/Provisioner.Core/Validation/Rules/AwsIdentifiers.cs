using System.Text.RegularExpressions;

namespace Provisioner.Core.Validation.Rules;

/// <summary>
/// Formats of the AWS identifiers a spec may contain. EC2 resource ids are a prefix and 8 (older) or
/// 17 (current) lower-case hex digits.
/// </summary>
public static partial class AwsIdentifiers
{
    [GeneratedRegex("^i-([0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant)]
    public static partial Regex InstanceId();

    [GeneratedRegex("^ami-([0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant)]
    public static partial Regex ImageId();

    [GeneratedRegex("^vpc-([0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant)]
    public static partial Regex VpcId();

    [GeneratedRegex("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$", RegexOptions.CultureInvariant)]
    public static partial Regex SubnetId();

    /// <summary>Instance types such as t3.micro, m7i-flex.large, u-6tb1.metal.</summary>
    [GeneratedRegex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", RegexOptions.CultureInvariant)]
    public static partial Regex InstanceType();

    /// <summary>ACM certificate ARN (any partition), ending in the certificate's UUID.</summary>
    [GeneratedRegex("^arn:aws(-cn|-us-gov|-iso|-iso-b)?:acm:[a-z]{2}(-[a-z]+)+-[0-9]:[0-9]{12}:certificate/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", RegexOptions.CultureInvariant)]
    public static partial Regex AcmCertificateArn();

    /// <summary>IAM server certificate ARN, optionally with a path.</summary>
    [GeneratedRegex("^arn:aws(-cn|-us-gov|-iso|-iso-b)?:iam::[0-9]{12}:server-certificate/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,128}$", RegexOptions.CultureInvariant)]
    public static partial Regex IamServerCertificateArn();

    /// <summary>An absolute path of plain file-name characters (a glob <c>*</c> allowed, as the CloudWatch agent accepts).</summary>
    [GeneratedRegex("^/[A-Za-z0-9._/*-]{1,254}$", RegexOptions.CultureInvariant)]
    public static partial Regex LogFilePath();

    public static bool IsCertificateArn(string value) =>
        AcmCertificateArn().IsMatch(value) || IamServerCertificateArn().IsMatch(value);
}
