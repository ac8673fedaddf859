using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Provisioner.LocalCloud.Tests.Fixtures;

/// <summary>A plain HttpClient speaking the AWS wire protocols (with a SigV4-shaped credential scope), for tests.</summary>
public sealed class RawAws(HttpClient http)
{
    public sealed record QueryResult(HttpStatusCode Status, XDocument Xml)
    {
        public string? Error => Xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;

        public IEnumerable<XElement> All(string localName) => Xml.Descendants().Where(e => e.Name.LocalName == localName);

        public string? First(string localName) => All(localName).FirstOrDefault()?.Value;
    }

    public sealed record JsonResult(HttpStatusCode Status, JsonObject Json, string? ErrorType);

    public async Task<QueryResult> QueryAsync(string service, string action, params (string Key, string Value)[] parameters)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", Version(service)) };
        form.AddRange(parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent(form) };
        Sign(request, service);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new QueryResult(response.StatusCode, XDocument.Parse(text));
    }

    public async Task<JsonResult> JsonAsync(string service, string action, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent((body ?? []).ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", (service == "logs" ? "Logs_20140328" : "CertificateManager") + "." + action);
        Sign(request, service);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
        var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First() : json["__type"]?.GetValue<string>();
        return new JsonResult(response.StatusCode, json, response.IsSuccessStatusCode ? null : errorType);
    }

    private static void Sign(HttpRequestMessage request, string service)
    {
        var date = DateTime.UtcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=testing/{date}/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=00");
    }

    private static string Version(string service) => service switch
    {
        "ec2" => "2016-11-15",
        "elasticloadbalancing" => "2015-12-01",
        "autoscaling" => "2011-01-01",
        "monitoring" => "2010-08-01",
        "sns" => "2010-03-31",
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };
}
