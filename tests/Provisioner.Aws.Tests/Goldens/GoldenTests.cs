using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;

namespace Provisioner.Aws.Tests.Goldens;

/// <summary>
/// Our request for each case equals botocore's for the same parameters (scripts/goldens/generate.py wrote
/// botocore's into Goldens/&lt;service&gt;/&lt;case&gt;.json): SigV4 scope (region and signing service), method,
/// path, query, X-Amz-Target, content type and body, modulo parameter order.
/// </summary>
public sealed class GoldenTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Goldens");

    public static TheoryData<string> Cases() => new(GoldenCases.All.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void GoldenFiles_MatchTheCaseTable()
    {
        var files = Directory.GetFiles(Folder, "*.json", SearchOption.AllDirectories).Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(GoldenCases.All.Keys.Order(StringComparer.Ordinal), files);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_EqualsBotocores(string caseName)
    {
        var golden = LoadGolden(caseName);
        var expected = golden["request"]!.AsObject();

        var capture = new CapturingHandler();
        using var clients = new AwsClients(new AwsSettings
        {
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            EndpointUrl = new Uri("http://127.0.0.1:1/"),
            PrimaryHandler = () => capture,
        });
        await Assert.ThrowsAsync<CapturingHandler.CapturedException>(() => GoldenCases.All[caseName](clients, TestContext.Current.CancellationToken));

        var request = Assert.Single(capture.Requests);
        Assert.Equal(expected["signingScope"]!.GetValue<string>(), request.SigningScope);
        Assert.Equal(expected["method"]!.GetValue<string>(), request.Method);
        Assert.Equal(expected["path"]!.GetValue<string>(), request.Path);
        Assert.Equal(Strings(expected["query"]), CapturingHandler.DecodePairs(request.Query));
        Assert.Equal(expected["target"]?.GetValue<string>(), request.Target);
        Assert.Equal(expected["contentType"]?.GetValue<string>(), request.ContentType);
        if (expected["form"] is { } form)
        {
            Assert.Equal(Strings(form), CapturingHandler.DecodePairs(request.Body));
        }
        else if (expected["json"] is { } json)
        {
            var actual = JsonNode.Parse(request.Body);
            Assert.True(JsonNode.DeepEquals(json, actual), $"JSON body differs.\nbotocore: {json.ToJsonString()}\nours:     {actual?.ToJsonString()}");
        }
        else
        {
            Assert.Equal("", request.Body);
        }
    }

    private static JsonObject LoadGolden(string caseName)
    {
        var path = Directory.GetFiles(Folder, caseName + ".json", SearchOption.AllDirectories).Single();
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }

    private static List<string> Strings(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
}

/// <summary>The innermost handler of the golden tests: records the signed request and stops the call.</summary>
internal sealed class CapturingHandler : HttpMessageHandler
{
    /// <summary>SigningScope: region/service/aws4_request from the Authorization header (the date part dropped).</summary>
    public sealed record Captured(string Method, string Path, string Query, string? Target, string? ContentType, string Body, string? SigningScope);

    public sealed class CapturedException : Exception
    {
        public CapturedException()
            : base("captured")
        {
        }

        public CapturedException(string message)
            : base(message)
        {
        }

        public CapturedException(string message, Exception inner)
            : base(message, inner)
        {
        }
    }

    public List<Captured> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.Single() : null;
        string? scope = null;
        if (request.Headers.TryGetValues("Authorization", out var authorization))
        {
            // AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/sns/aws4_request, SignedHeaders=..., Signature=...
            var credential = authorization.Single().Split("Credential=")[1].Split(',')[0];
            scope = string.Join('/', credential.Split('/').Skip(2));
        }
        Requests.Add(new Captured(
            request.Method.Method,
            request.RequestUri!.AbsolutePath,
            request.RequestUri.Query.TrimStart('?'),
            target,
            request.Content?.Headers.ContentType?.MediaType,
            body,
            scope));
        throw new CapturedException();
    }

    /// <summary>a=1&amp;b=%2F -> ["a=1", "b=/"], sorted (form bodies and query strings alike).</summary>
    public static List<string> DecodePairs(string encoded) => encoded.Length == 0
        ? []
        : encoded.Split('&').Select(pair =>
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : pair[(eq + 1)..];
            return Uri.UnescapeDataString(key.Replace('+', ' ')) + "=" + Uri.UnescapeDataString(value.Replace('+', ' '));
        }).Order(StringComparer.Ordinal).ToList();
}
