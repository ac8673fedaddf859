using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Provisioner.Cli.Up;

namespace Provisioner.Cli.Commands;

/// <summary>
/// The CLI's side of the Provisioner API: where it is (<c>--api</c>, then <c>PROVISIONER_API</c>, then a running
/// <c>up</c>'s pointer file) and who calls (<c>--token</c>, then <c>PROVISIONER_TOKEN</c>, then that <c>up</c>'s
/// <c>dev-a</c>, or <c>--user</c>). Answers come back as (status, JSON body); problems print as <c>validate</c> prints.
/// </summary>
public sealed class ServiceClient : IDisposable
{
    private readonly HttpClient _http;

    private ServiceClient(Uri api, string token)
    {
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Finds the API and a token, or says why not.</summary>
    public static (ServiceClient? Client, string? Problem) Connect(string? api, string? token, string? user)
    {
        api ??= Environment.GetEnvironmentVariable("PROVISIONER_API");
        token ??= Environment.GetEnvironmentVariable("PROVISIONER_TOKEN");
        if ((api is null || token is null) && File.Exists(UpHost.PointerFile))
        {
            var up = UpInfo.Parse(File.ReadAllText(UpHost.PointerFile));
            api ??= up.Api;
            var name = user ?? "dev-a";
            if (token is null && !up.Users.TryGetValue(name, out token))
            {
                return (null, $"--user: '{name}' is not one of up's users ({string.Join(", ", up.Users.Keys)})");
            }
        }
        if (api is null || !Uri.TryCreate(api.TrimEnd('/') + "/", UriKind.Absolute, out var uri))
        {
            return (null, $"no Provisioner API: give --api URL, set PROVISIONER_API, or start `provisioner up` (it leaves {UpHost.PointerFile})");
        }
        if (string.IsNullOrEmpty(token))
        {
            return (null, "no token: give --token T or set PROVISIONER_TOKEN");
        }
        return (new ServiceClient(uri, token), null);
    }

    public Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string path, string? json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, json, cancellationToken);

    public Task<(HttpStatusCode Status, JsonNode? Body)> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    public void Dispose() => _http.Dispose();

    /// <summary>The exit code for an answer that is not a success, after printing it as a person reads it.</summary>
    public static async Task<int> ReportProblemAsync(HttpStatusCode status, JsonNode? problem, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var title = (string?)problem?["title"] ?? status.ToString();
        var detail = (string?)problem?["detail"];
        await error.WriteLineAsync(detail is null ? title : $"{title}: {detail}").ConfigureAwait(false);
        foreach (var e in problem?["errors"]?.AsArray() ?? [])
        {
            var value = e?["value"] is { } v ? $" (got {v.ToJsonString()})" : "";
            await error.WriteLineAsync($"{(string?)e?["pointer"]}: {(string?)e?["rule"]}{value}").ConfigureAwait(false);
        }
        return status switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType => ExitCodes.InvalidInput,
            HttpStatusCode.NotFound => ExitCodes.NotFound,
            HttpStatusCode.Conflict => ExitCodes.Conflict,
            HttpStatusCode.Unauthorized => ExitCodes.Unavailable,
            _ => ExitCodes.Failed,
        };
    }

    /// <summary>One line per environment: id, status, step or reason, URL.</summary>
    public static string Describe(JsonNode environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{(string?)environment["environmentId"],-20} {(string?)environment["status"],-15}"));
        if ((string?)environment["currentStep"] is { } step)
        {
            text.Append(CultureInfo.InvariantCulture, $" {step}");
        }
        else if ((string?)environment["statusReason"] is { } reason)
        {
            text.Append(CultureInfo.InvariantCulture, $" {reason}");
        }
        if ((string?)environment["url"] is { } url)
        {
            text.Append(CultureInfo.InvariantCulture, $" {url}");
        }
        return text.ToString();
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonNode? body = null;
        if (text.Length > 0)
        {
            try
            {
                body = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                body = new JsonObject { ["title"] = $"HTTP {(int)response.StatusCode}", ["detail"] = text.Length > 200 ? text[..200] : text };
            }
        }
        return (response.StatusCode, body);
    }
}
