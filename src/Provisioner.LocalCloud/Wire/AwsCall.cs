using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Provisioner.LocalCloud.Wire;

/// <summary>
/// One AWS request as it travels through the realism layer: which service and action it is, and its
/// parameters, read from the raw HTTP request (signed already, so the service is in the SigV4 credential
/// scope). The body is buffered once so every behaviour can read it and the request can still be sent.
/// </summary>
public sealed class AwsCall
{
    private AwsCall(HttpRequestMessage request, byte[] body, string service, string action, AwsProtocol protocol, string region)
    {
        Request = request;
        Body = body;
        Service = service;
        Action = action;
        Protocol = protocol;
        Region = region;
    }

    public HttpRequestMessage Request { get; }

    /// <summary>Signing name from the credential scope: <c>ec2</c>, <c>elasticloadbalancing</c>, <c>autoscaling</c>, <c>monitoring</c>, <c>logs</c>, <c>acm</c>, <c>sns</c>, <c>scheduler</c>, <c>states</c>, <c>s3</c>, ...</summary>
    public string Service { get; }

    /// <summary>The API action (<c>CreateImage</c>, <c>CreateExportTask</c>, ...).</summary>
    public string Action { get; }

    public AwsProtocol Protocol { get; }

    public string Region { get; }

    public byte[] Body { get; private set; }

    /// <summary>Set by a <c>ResourceFailed</c> fault: the resource this call creates ends in its failed state.</summary>
    public bool CreatesFailingResource { get; internal set; }

    /// <summary>Set by a <c>ResourceStuck</c> fault: the resource this call creates never completes its transition.</summary>
    public bool CreatesStuckResource { get; internal set; }

    /// <summary>How long the transition of what this call creates takes: the model's draw, or forever when stuck.</summary>
    internal TimeSpan? TransitionOverride => CreatesStuckResource ? Realism.ResourceTimeline.Forever : null;

    /// <summary>Form parameters of a Query request (empty for other protocols).</summary>
    public IReadOnlyDictionary<string, string> Form => _form ??= ParseForm();

    private Dictionary<string, string>? _form;
    private JsonObject? _json;

    /// <summary>The JSON body of a JSON or REST-JSON request (an empty object when there is none).</summary>
    public JsonObject Json => _json ??= ParseJson();

    /// <summary>A form parameter, or null.</summary>
    public string? Param(string name) => Form.TryGetValue(name, out var value) ? value : null;

    /// <summary>The values of a Query list (<c>Prefix.1</c>, <c>Prefix.2</c>, ...), in order.</summary>
    public IReadOnlyList<string> ParamList(string prefix)
    {
        var values = new List<string>();
        for (var i = 1; Form.TryGetValue($"{prefix}.{i}", out var value); i++)
        {
            values.Add(value);
        }
        return values;
    }

    /// <summary>Replaces the form (the realism layer rewrites a request before moto sees it, e.g. to strip snapshot tags).</summary>
    public void ReplaceForm(IEnumerable<KeyValuePair<string, string>> form)
    {
        var pairs = form.ToList();
        _form = pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var encoded = string.Join('&', pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        Body = Encoding.UTF8.GetBytes(encoded);
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
        Request.Content = content;
    }

    /// <summary>Replaces a JSON body (a rule fills in what AWS defaults and moto keeps).</summary>
    public void ReplaceJson(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        _json = json;
        Body = Encoding.UTF8.GetBytes(json.ToJsonString());
        var content = new ByteArrayContent(Body);
        content.Headers.ContentType = Request.Content?.Headers.ContentType ?? new MediaTypeHeaderValue("application/json");
        Request.Content = content;
    }

    /// <summary>Reads the request (buffering its body) and identifies service, action and protocol.</summary>
    public static async Task<AwsCall> ReadAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[] body = [];
        if (request.Content is not null)
        {
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            // The original content may be a one-shot stream: give the request a replayable copy with the same headers.
            var copy = new ByteArrayContent(body);
            foreach (var header in request.Content.Headers)
            {
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            request.Content = copy;
        }

        var (service, region) = CredentialScope(request);
        var target = request.Headers.TryGetValues("X-Amz-Target", out var targets) ? targets.FirstOrDefault() : null;
        var contentType = request.Content?.Headers.ContentType?.MediaType ?? "";
        service ??= ServiceFromTarget(target) ?? ServiceFromHost(request.RequestUri) ?? "unknown";
        region ??= "us-east-1";

        AwsProtocol protocol;
        string action;
        if (target is not null)
        {
            protocol = AwsProtocol.Json;
            action = target[(target.LastIndexOf('.') + 1)..];
        }
        else if (contentType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) || FormAction(request.RequestUri) is not null)
        {
            protocol = service == "ec2" ? AwsProtocol.Ec2Query : AwsProtocol.Query;
            action = FormActionFromBody(body) ?? FormAction(request.RequestUri) ?? "";
        }
        else if (service == "s3")
        {
            protocol = AwsProtocol.RestXml;
            action = $"{request.Method.Method} {request.RequestUri?.AbsolutePath}";
        }
        else
        {
            protocol = AwsProtocol.RestJson;
            action = RestJsonAction(service, request.Method, request.RequestUri?.AbsolutePath ?? "/");
        }
        return new AwsCall(request, body, service, action, protocol, region);
    }

    /// <summary>
    /// REST-JSON actions by method and path, for the Scheduler operations the project uses
    /// (<c>POST /schedules/{Name}</c> is CreateSchedule, and so on).
    /// </summary>
    internal static string RestJsonAction(string service, HttpMethod method, string path)
    {
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (service == "scheduler" && segments.Length > 0)
        {
            var (collection, hasName) = (segments[0], segments.Length > 1);
            var noun = collection switch
            {
                "schedules" => "Schedule",
                "schedule-groups" => "ScheduleGroup",
                _ => null,
            };
            if (noun is not null)
            {
                return (method.Method, hasName) switch
                {
                    ("POST", true) => "Create" + noun,
                    ("PUT", true) => "Update" + noun,
                    ("GET", true) => "Get" + noun,
                    ("DELETE", true) => "Delete" + noun,
                    ("GET", false) => "List" + noun + "s",
                    _ => $"{method.Method} {path}",
                };
            }
            if (collection == "tags")
            {
                return method.Method switch
                {
                    "POST" => "TagResource",
                    "DELETE" => "UntagResource",
                    _ => "ListTagsForResource",
                };
            }
        }
        return $"{method.Method} {path}";
    }

    private Dictionary<string, string> ParseForm()
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Protocol is not (AwsProtocol.Query or AwsProtocol.Ec2Query))
        {
            return form;
        }
        foreach (var (key, value) in ParsePairs(Encoding.UTF8.GetString(Body)))
        {
            form[key] = value;
        }
        if (Request.RequestUri?.Query is { Length: > 1 } query)
        {
            foreach (var (key, value) in ParsePairs(query[1..]))
            {
                form.TryAdd(key, value);
            }
        }
        return form;
    }

    private JsonObject ParseJson()
    {
        if (Body.Length == 0)
        {
            return [];
        }
        try
        {
            return JsonNode.Parse(Body) as JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }

    internal static IEnumerable<(string Key, string Value)> ParsePairs(string encoded)
    {
        foreach (var pair in encoded.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : pair[(eq + 1)..];
            yield return (Decode(key), Decode(value));
        }
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    private static string? FormActionFromBody(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }
        foreach (var (key, value) in ParsePairs(Encoding.UTF8.GetString(body)))
        {
            if (key == "Action")
            {
                return value;
            }
        }
        return null;
    }

    private static string? FormAction(Uri? uri)
    {
        if (uri?.Query is not { Length: > 1 } query)
        {
            return null;
        }
        foreach (var (key, value) in ParsePairs(query[1..]))
        {
            if (key == "Action")
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>Service and region from <c>Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, ...</c>.</summary>
    internal static (string? Service, string? Region) CredentialScope(HttpRequestMessage request)
    {
        var authorization = request.Headers.Authorization?.Parameter is { } parameter
            ? request.Headers.Authorization.Scheme + " " + parameter
            : request.Headers.TryGetValues("Authorization", out var values) ? values.FirstOrDefault() : null;
        if (authorization is null)
        {
            return (null, null);
        }
        var start = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        if (start < 0)
        {
            return (null, null);
        }
        start += "Credential=".Length;
        var end = authorization.IndexOfAny([',', ' '], start);
        var scope = (end < 0 ? authorization[start..] : authorization[start..end]).Split('/');
        return scope.Length >= 5 ? (scope[3], scope[2]) : (null, null);
    }

    private static string? ServiceFromTarget(string? target) => target switch
    {
        null => null,
        _ when target.StartsWith("Logs_", StringComparison.Ordinal) => "logs",
        _ when target.StartsWith("CertificateManager", StringComparison.Ordinal) => "acm",
        _ when target.StartsWith("AWSStepFunctions", StringComparison.Ordinal) => "states",
        _ when target.StartsWith("DynamoDB", StringComparison.Ordinal) => "dynamodb",
        _ => null,
    };

    private static string? ServiceFromHost(Uri? uri)
    {
        var host = uri?.Host;
        if (host is null || !host.EndsWith(".amazonaws.com", StringComparison.Ordinal))
        {
            return null;
        }
        return host.Split('.')[0];
    }
}
