using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace Provisioner.Aws.Protocols;

/// <summary>
/// An AWS Query request body: <c>Action</c>, <c>Version</c> and the parameters, flattened the Query way
/// (lists as <c>Name.member.N</c>, structures as <c>Name.Member</c>, 1-based), form-encoded.
/// </summary>
internal sealed class QueryRequest
{
    private readonly List<KeyValuePair<string, string>> _parameters = [];

    public QueryRequest(string action, string version)
    {
        Action = action;
        Add("Action", action);
        Add("Version", version);
    }

    public string Action { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parameters;

    public QueryRequest Add(string name, string? value)
    {
        if (value is not null)
        {
            _parameters.Add(new(name, value));
        }
        return this;
    }

    public QueryRequest Add(string name, int? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryRequest Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Doubles as botocore writes them (shortest round-trip form; integral values with a trailing <c>.0</c>).</summary>
    public QueryRequest Add(string name, double? value) => Add(name, value is { } d ? FormatDouble(d) : null);

    public QueryRequest Add(string name, bool? value) => Add(name, value is { } b ? (b ? "true" : "false") : null);

    /// <summary><c>name.member.1=a&amp;name.member.2=b</c>; nothing for null. An empty list is sent as <c>name=</c> (AWS: "clear").</summary>
    public QueryRequest AddList(string name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return this;
        }
        if (values.Count == 0)
        {
            return Add(name, "");
        }
        for (var i = 0; i < values.Count; i++)
        {
            Add($"{name}.member.{i + 1}", values[i]);
        }
        return this;
    }

    /// <summary>A list of structures: <paramref name="write"/> adds the members of item i under the given prefix.</summary>
    public QueryRequest AddList<T>(string name, IReadOnlyList<T>? items, Action<QueryRequest, string, T> write)
    {
        if (items is null)
        {
            return this;
        }
        if (items.Count == 0)
        {
            return Add(name, "");
        }
        for (var i = 0; i < items.Count; i++)
        {
            write(this, $"{name}.member.{i + 1}", items[i]);
        }
        return this;
    }

    /// <summary>Tags (or any string map) as a list of Key/Value structures.</summary>
    public QueryRequest AddKeyValueList(string name, IReadOnlyDictionary<string, string>? map, string keyName = "Key", string valueName = "Value")
    {
        if (map is null)
        {
            return this;
        }
        return AddList(name, map.ToList(), (q, prefix, pair) => q.Add($"{prefix}.{keyName}", pair.Key).Add($"{prefix}.{valueName}", pair.Value));
    }

    public string ToFormBody()
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in _parameters)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }
            builder.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
        }
        return builder.ToString();
    }

    internal static string FormatDouble(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}

/// <summary>Sends Query requests and returns the <c>&lt;ActionResult&gt;</c> element of the answer.</summary>
internal sealed class QueryProtocol(AwsTransport transport, AwsService service, string version)
{
    public QueryRequest NewRequest(string action) => new(action, version);

    public Task<XElement> CallAsync(QueryRequest request, CancellationToken cancellationToken) =>
        transport.SendAsync(
            service,
            request.Action,
            endpoint =>
            {
                var message = new HttpRequestMessage(HttpMethod.Post, AwsTransport.Combine(endpoint, "/"))
                {
                    Content = new StringContent(request.ToFormBody(), Encoding.UTF8),
                };
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
                return message;
            },
            body => ResultElement(request.Action, body),
            cancellationToken);

    private static XElement ResultElement(string action, string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return new XElement(action + "Result");
        }
        var root = XDocument.Parse(body).Root ?? throw new FormatException($"{action}: empty XML answer.");
        return root.Child(action + "Result") ?? root;
    }
}
