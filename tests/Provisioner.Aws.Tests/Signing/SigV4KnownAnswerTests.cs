using System.Security.Cryptography;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Provisioner.Aws.Tests.Signing;

/// <summary>
/// The signer every client uses (AWSSDK.Core's SigV4) against a fixed request, time and key. The expected
/// signature was computed independently with botocore's SigV4Auth for the same request, headers and time
/// (botocore 1.43.11), and is re-derived below by the algorithm of the AWS SigV4 documentation.
/// </summary>
public sealed class SigV4KnownAnswerTests
{
    private const string AccessKey = "AKIDEXAMPLE";
    private const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string Body = "Action=ListTopics&Version=2010-03-31";
    private const string ExpectedSignature = "48e730e68105393a8ed46ccf0bb9c2c59997c326cd6ac4dd0b639c31589af285";
    private static readonly DateTime SignedAt = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    [Fact]
    public void Sign_FixedRequestTimeAndKey_GivesTheKnownSignature()
    {
        var request = new AWSSigningRequest
        {
            HttpMethod = HttpMethod.Post,
            RequestUri = new Uri("https://sns.us-east-1.amazonaws.com/"),
            Content = Encoding.UTF8.GetBytes(Body),
        };
        request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";

        var result = AWSSigV4Signer.Sign(request, new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(AccessKey, SecretKey),
            Region = RegionEndpoint.USEast1,
            Service = "sns",
            SignedAt = SignedAt,
        });

        Assert.Equal("20150830T123600Z", result.Headers["X-Amz-Date"]);
        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sns/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature={ExpectedSignature}",
            result.Headers["Authorization"]);
    }

    [Fact]
    public void KnownSignature_FollowsFromTheDocumentedAlgorithm()
    {
        var payloadHash = Hex(SHA256.HashData(Encoding.UTF8.GetBytes(Body)));
        var canonicalRequest = string.Join('\n',
            "POST",
            "/",
            "",
            "content-type:application/x-www-form-urlencoded; charset=utf-8",
            "host:sns.us-east-1.amazonaws.com",
            "x-amz-content-sha256:" + payloadHash,
            "x-amz-date:20150830T123600Z",
            "",
            "content-type;host;x-amz-content-sha256;x-amz-date",
            payloadHash);
        var stringToSign = string.Join('\n',
            "AWS4-HMAC-SHA256",
            "20150830T123600Z",
            "20150830/us-east-1/sns/aws4_request",
            Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = Encoding.UTF8.GetBytes("AWS4" + SecretKey);
        foreach (var part in new[] { "20150830", "us-east-1", "sns", "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }
        Assert.Equal(ExpectedSignature, Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign))));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
