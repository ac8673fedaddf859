using System.Reflection;
using Provisioner.Functions.Api.Http;

namespace Provisioner.Functions.Api;

/// <summary>The files the API serves without a token: the portal page (embedded <c>portal/*</c>) and the OpenAPI document.</summary>
public static class StaticApi
{
    private static readonly Assembly Assembly = typeof(StaticApi).Assembly;

    public static ApiResponse OpenApi() =>
        Resource("api/openapi.json", "application/json") ?? Problems.NotFound("The OpenAPI document");

    public static ApiResponse Portal(string file) =>
        (IsPlainName(file) ? Resource("portal/" + file, ContentTypeOf(file)) : null) ?? Problems.NotFound($"The portal file '{file}'");

    /// <summary>The text of an embedded resource (tests read the OpenAPI document this way).</summary>
    public static string? Text(string name)
    {
        using var stream = Assembly.GetManifestResourceStream(name);
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static ApiResponse? Resource(string name, string contentType)
    {
        using var stream = Assembly.GetManifestResourceStream(name);
        if (stream is null)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new ApiResponse { Status = 200, ContentType = contentType, Body = buffer.ToArray() }
            .WithHeader("Cache-Control", "no-cache");
    }

    // One segment, no traversal, no hidden files: only what was embedded can ever be named.
    private static bool IsPlainName(string file) =>
        file.Length is > 0 and <= 100 && !file.StartsWith('.') && file.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private static string ContentTypeOf(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" => "application/json",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}
