using System.Net;

namespace Provisioner.Aws;

/// <summary>
/// An error answer from an AWS service (or a local stand-in such as moto), whichever client made the
/// call: our thin clients and the EC2 adapter both throw this one type. It carries the AWS error code
/// verbatim (e.g. <c>TargetGroupNotFound</c>, <c>InvalidAMIID.NotFound</c>, <c>ThrottlingException</c>),
/// so callers branch on <see cref="ErrorCode"/> or on the classifications below, never on the message.
/// </summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string service, string action, string errorCode, string? errorMessage, HttpStatusCode statusCode, string? requestId, Exception? innerException = null)
        : base(Describe(service, action, errorCode, errorMessage, statusCode), innerException)
    {
        Service = service;
        Action = action;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    public AwsServiceException()
        : this("unknown", "unknown", "Unknown", null, 0, null)
    {
    }

    public AwsServiceException(string message)
        : this(message, null)
    {
    }

    public AwsServiceException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Service = "unknown";
        Action = "unknown";
        ErrorCode = "Unknown";
        ErrorMessage = message;
    }

    /// <summary>Service short name as in the endpoint (e.g. <c>elasticloadbalancing</c>, <c>logs</c>, <c>ec2</c>).</summary>
    public string Service { get; }

    /// <summary>The API action, e.g. <c>DeleteTargetGroup</c>.</summary>
    public string Action { get; }

    /// <summary>The AWS error code, without any namespace prefix (<c>com.amazonaws...#</c> is stripped).</summary>
    public string ErrorCode { get; }

    /// <summary>The service's own message, if it sent one.</summary>
    public string? ErrorMessage { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The AWS request id (<c>x-amzn-RequestId</c> / <c>RequestId</c> element), for support cases.</summary>
    public string? RequestId { get; }

    /// <summary>The resource the call named does not exist (Undo treats this as success).</summary>
    public bool IsNotFound => AwsErrorCodes.IsNotFound(ErrorCode, ErrorMessage);

    /// <summary>AWS asked us to slow down (after the client's own retries ran out).</summary>
    public bool IsThrottling => AwsErrorCodes.IsThrottling(ErrorCode);

    /// <summary>A 5xx answer: the service failed, not the request.</summary>
    public bool IsServerError => (int)StatusCode >= 500;

    /// <summary>Worth trying again later: throttling or a server-side failure.</summary>
    public bool IsTransient => IsThrottling || IsServerError;

    private static string Describe(string service, string action, string code, string? message, HttpStatusCode status) =>
        $"{service} {action} failed: {code} (HTTP {(int)status}){(string.IsNullOrEmpty(message) ? "" : ": " + message)}";
}
