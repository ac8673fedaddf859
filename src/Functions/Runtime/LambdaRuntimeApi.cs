using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Provisioner.Functions.Runtime;

/// <summary>
/// A client for the Lambda Runtime API (2018-06-01): next invocation, response, invocation error and
/// init error. The base address comes from <c>AWS_LAMBDA_RUNTIME_API</c>.
/// </summary>
public sealed class LambdaRuntimeApi(HttpClient http)
{
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";
    private const string Version = "2018-06-01";
    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    /// <summary>An HTTP client for the runtime API at <paramref name="hostAndPort"/>; <c>next</c> long-polls, so no timeout.</summary>
    public static HttpClient CreateHttpClient(string hostAndPort) =>
        new() { BaseAddress = new Uri($"http://{hostAndPort}/"), Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Blocks until Lambda hands over the next event.</summary>
    public async Task<LambdaInvocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri($"{Version}/runtime/invocation/next", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new InvalidOperationException("The runtime API answered 'next' without Lambda-Runtime-Aws-Request-Id.");
        var deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MaxValue;
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new LambdaInvocation(
            requestId,
            deadline,
            Header(response, "Lambda-Runtime-Invoked-Function-Arn"),
            Header(response, "Lambda-Runtime-Trace-Id"),
            payload);
    }

    public async Task RespondAsync(string requestId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(new Uri($"{Version}/runtime/invocation/{Uri.EscapeDataString(requestId)}/response", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public Task ReportInvocationErrorAsync(string requestId, LambdaErrorObject error, CancellationToken cancellationToken) =>
        PostErrorAsync($"{Version}/runtime/invocation/{Uri.EscapeDataString(requestId)}/error", error, cancellationToken);

    public Task ReportInitErrorAsync(LambdaErrorObject error, CancellationToken cancellationToken) =>
        PostErrorAsync($"{Version}/runtime/init/error", error, cancellationToken);

    private async Task PostErrorAsync(string path, LambdaErrorObject error, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(error, RuntimeJsonContext.Default.LambdaErrorObject);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.TryAddWithoutValidation(ErrorTypeHeader, error.ErrorType);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
