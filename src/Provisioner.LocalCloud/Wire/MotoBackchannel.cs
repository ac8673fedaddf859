using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Provisioner.LocalCloud.Wire;

/// <summary>
/// Direct calls to the emulator, beside the clients' pipeline: the realism layer uses them to look
/// before it acts (does an AMI with this name exist?), and inspection uses them to list what exists.
/// They are never throttled, faulted or rewritten. The emulator routes by the SigV4 credential scope,
/// so each call carries one (the emulator does not check signatures).
/// </summary>
public sealed class MotoBackchannel : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _region;

    public MotoBackchannel(Uri endpoint, string region = "us-east-1", HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.BaseAddress = endpoint;
        _http.Timeout = TimeSpan.FromSeconds(30);
        _region = region;
    }

    public Uri Endpoint => _http.BaseAddress!;

    /// <summary>A Query/XML action; throws <see cref="BackchannelException"/> carrying the AWS error code on failure.</summary>
    public async Task<XDocument> QueryAsync(string service, string action, IEnumerable<KeyValuePair<string, string>>? parameters = null, CancellationToken cancellationToken = default)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", QueryVersion(service)) };
        if (parameters is not null)
        {
            form.AddRange(parameters);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new FormUrlEncodedContent(form),
        };
        Sign(request, service);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        XDocument document;
        try
        {
            document = XDocument.Parse(text);
        }
        catch (System.Xml.XmlException)
        {
            throw new BackchannelException(service, action, "InternalFailure", $"HTTP {(int)response.StatusCode}: {Truncate(text)}");
        }
        if (!response.IsSuccessStatusCode)
        {
            var code = document.Named("Code").FirstOrDefault()?.Value ?? "Unknown";
            var message = document.Named("Message").FirstOrDefault()?.Value ?? "";
            throw new BackchannelException(service, action, code, message);
        }
        return document;
    }

    /// <summary>A JSON-protocol action (<c>X-Amz-Target</c>).</summary>
    public async Task<JsonObject> JsonAsync(string service, string action, JsonObject? body = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent((body ?? []).ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(service == "states" ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", JsonTargetPrefix(service) + "." + action);
        Sign(request, service);
        return await ReadJsonAsync(service, action, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A REST-JSON call (Scheduler).</summary>
    public async Task<JsonObject> RestJsonAsync(string service, HttpMethod method, string path, JsonObject? body = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        Sign(request, service);
        return await ReadJsonAsync(service, $"{method} {path}", request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonObject> ReadJsonAsync(string service, string action, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonObject? json = null;
        try
        {
            json = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            // Fall through to the error below.
        }
        if (!response.IsSuccessStatusCode || json is null)
        {
            var code = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First().Split(':')[0]
                : json?["__type"]?.GetValue<string>()?.Split('#').Last() ?? (response.StatusCode == HttpStatusCode.NotFound ? "ResourceNotFoundException" : "Unknown");
            var message = json?["message"]?.GetValue<string>() ?? json?["Message"]?.GetValue<string>() ?? Truncate(text);
            throw new BackchannelException(service, action, code, message);
        }
        return json;
    }

    private void Sign(HttpRequestMessage request, string service)
    {
        var date = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=testing/{date}/{_region}/{service}/aws4_request, SignedHeaders=host, Signature=0");
    }

    internal static string QueryVersion(string service) => service switch
    {
        "ec2" => "2016-11-15",
        "elasticloadbalancing" => "2015-12-01",
        "autoscaling" => "2011-01-01",
        "monitoring" => "2010-08-01",
        "sns" => "2010-03-31",
        "sts" => "2011-06-15",
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "not a Query service this layer knows"),
    };

    private static string JsonTargetPrefix(string service) => service switch
    {
        "logs" => "Logs_20140328",
        "acm" => "CertificateManager",
        "states" => "AWSStepFunctions",
        "dynamodb" => "DynamoDB_20120810",
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "not a JSON service this layer knows"),
    };

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300];

    public void Dispose() => _http.Dispose();
}

/// <summary>An AWS error answered to a backchannel call.</summary>
public sealed class BackchannelException(string service, string action, string errorCode, string message)
    : Exception($"{service}:{action} failed with {errorCode}: {message}")
{
    public string Service { get; } = service;
    public string Action { get; } = action;
    public string ErrorCode { get; } = errorCode;
}
