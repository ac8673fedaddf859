using System.Net;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Provisioner.Aws.Protocols;

/// <summary>Turns an AWS error answer (XML or JSON shape) into <see cref="AwsServiceException"/>.</summary>
internal static class AwsErrorParser
{
    public static AwsServiceException FromResponse(AwsService service, string action, HttpStatusCode status, string body, Func<string, string?> header)
    {
        string? code = null;
        string? message = null;
        string? requestId = header("x-amzn-RequestId") ?? header("x-amz-request-id");

        var trimmed = body.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] == '<')
        {
            (code, message, var xmlRequestId) = FromXml(body);
            requestId ??= xmlRequestId;
        }
        else if (trimmed.Length > 0 && trimmed[0] == '{')
        {
            (code, message) = FromJson(body);
        }

        // REST-JSON and JSON services also put the code in a header ("Code:http://internal.amazon.com/...").
        code ??= header("x-amzn-ErrorType");
        code = Normalize(code) ?? FallbackCode(status);
        return new AwsServiceException(service.EndpointPrefix, action, code, message, status, requestId);
    }

    /// <summary>Strips <c>aws.protocoltests#</c> namespaces and <c>:http://...</c> suffixes from a code.</summary>
    public static string? Normalize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }
        var value = code.Trim();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            value = value[..colon];
        }
        var hash = value.LastIndexOf('#');
        if (hash >= 0)
        {
            value = value[(hash + 1)..];
        }
        return value.Length == 0 ? null : value;
    }

    private static string FallbackCode(HttpStatusCode status) => (int)status switch
    {
        404 => "NotFound",
        429 => "TooManyRequestsException",
        >= 500 => "InternalFailure",
        _ => "Unknown",
    };

    private static (string? Code, string? Message, string? RequestId) FromXml(string body)
    {
        try
        {
            var doc = XDocument.Parse(body);
            var error = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            var requestId = doc.Descendants().FirstOrDefault(e => e.Name.LocalName is "RequestId" or "RequestID")?.Value;
            return (error?.ChildValue("Code"), error?.ChildValue("Message"), requestId);
        }
        catch (XmlException)
        {
            return (null, null, null);
        }
    }

    private static (string? Code, string? Message) FromJson(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }
            var code = root.String("__type") ?? root.String("code") ?? root.String("Code");
            var message = root.String("message") ?? root.String("Message") ?? root.String("errorMessage");
            return (code, message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
