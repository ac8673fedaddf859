using System.Net;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;

namespace Provisioner.LocalCloud.Wire;

/// <summary>
/// AWS error responses in the shape each protocol uses, so the clients (ours and the official SDK)
/// parse them exactly as they parse AWS's own.
/// </summary>
public static class AwsErrors
{
    /// <summary>The throttling error code a service answers with.</summary>
    public static string ThrottlingCode(string service) => service switch
    {
        "ec2" => "RequestLimitExceeded",
        "elasticloadbalancing" or "autoscaling" or "monitoring" or "sns" or "sts" => "Throttling",
        "s3" => "SlowDown",
        _ => "ThrottlingException",
    };

    /// <summary>The HTTP status AWS uses with that service's throttling error.</summary>
    public static HttpStatusCode ThrottlingStatus(string service) => service switch
    {
        "ec2" or "s3" => HttpStatusCode.ServiceUnavailable,
        "scheduler" => HttpStatusCode.TooManyRequests,
        _ => HttpStatusCode.BadRequest,
    };

    public static HttpResponseMessage Throttling(AwsCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var message = call.Service == "ec2" ? "Request limit exceeded." : "Rate exceeded";
        return Create(call, ThrottlingStatus(call.Service), ThrottlingCode(call.Service), message);
    }

    /// <summary>An error with <paramref name="code"/> and <paramref name="message"/> in the call's protocol.</summary>
    public static HttpResponseMessage Create(AwsCall call, HttpStatusCode status, string code, string message)
    {
        ArgumentNullException.ThrowIfNull(call);
        var requestId = Guid.NewGuid().ToString();
        var response = call.Protocol switch
        {
            AwsProtocol.Ec2Query => Xml(status,
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{Esc(code)}</Code><Message>{Esc(message)}</Message></Error></Errors><RequestID>{requestId}</RequestID></Response>"),
            AwsProtocol.Query => Xml(status,
                $"<ErrorResponse xmlns=\"{QueryNamespace(call.Service)}\"><Error><Type>{((int)status >= 500 ? "Receiver" : "Sender")}</Type><Code>{Esc(code)}</Code><Message>{Esc(message)}</Message></Error><RequestId>{requestId}</RequestId></ErrorResponse>"),
            AwsProtocol.RestXml => Xml(status,
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{Esc(code)}</Code><Message>{Esc(message)}</Message><RequestId>{requestId}</RequestId></Error>"),
            AwsProtocol.RestJson => JsonError(status, code, new JsonObject { ["Message"] = message }),
            _ => JsonError(status, code, new JsonObject { ["__type"] = code, ["message"] = message }),
        };
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", requestId);
        response.RequestMessage = call.Request;
        return response;
    }

    /// <summary>The response body of a successful Query action with no result elements.</summary>
    public static HttpResponseMessage QueryEmptySuccess(AwsCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var body = $"<{call.Action}Response xmlns=\"{QueryNamespace(call.Service)}\"><ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata></{call.Action}Response>";
        var response = Xml(HttpStatusCode.OK, body);
        response.RequestMessage = call.Request;
        return response;
    }

    /// <summary>The XML namespace of a Query service's responses.</summary>
    public static string QueryNamespace(string service) => service switch
    {
        "ec2" => "http://ec2.amazonaws.com/doc/2016-11-15/",
        "elasticloadbalancing" => "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/",
        "autoscaling" => "http://autoscaling.amazonaws.com/doc/2011-01-01/",
        "monitoring" => "http://monitoring.amazonaws.com/doc/2010-08-01/",
        "sns" => "http://sns.amazonaws.com/doc/2010-03-31/",
        "sts" => "https://sts.amazonaws.com/doc/2011-06-15/",
        _ => $"http://{service}.amazonaws.com/",
    };

    internal static HttpResponseMessage Xml(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };

    private static HttpResponseMessage JsonError(HttpStatusCode status, string code, JsonObject body)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", code);
        return response;
    }

    internal static string Esc(string s) => SecurityElement.Escape(s) ?? "";
}
