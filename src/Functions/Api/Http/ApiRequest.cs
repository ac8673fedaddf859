namespace Provisioner.Functions.Api.Http;

/// <summary>
/// One HTTP request, host-neutral: the Lambda adapter builds it from an API Gateway payload 2.0 event,
/// <c>up</c> from ASP.NET Core. <see cref="Caller"/> is null when the request carries no valid token.
/// </summary>
public sealed record ApiRequest
{
    public required string Method { get; init; }

    /// <summary>The path without the query string, e.g. <c>/environments/shop-dev</c>.</summary>
    public required string Path { get; init; }

    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Case-insensitive names, as HTTP defines them.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public ReadOnlyMemory<byte> Body { get; init; }

    public Caller? Caller { get; init; }

    public string? Header(string name) =>
        Headers.TryGetValue(name, out var value) ? value
        : Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
