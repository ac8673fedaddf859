using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Provisioner.Functions.Api;
using Provisioner.Functions.Api.Http;

namespace Provisioner.Cli.Up;

/// <summary>
/// <c>GET /environments/{id}/events</c> with <c>Accept: text/event-stream</c> on <c>up</c>: the same events as the
/// JSON route, pushed as server-sent events (one <c>data:</c> line each, its <c>id</c> the cursor to resume
/// from). API Gateway's HTTP API cannot stream, so on AWS clients poll the JSON route instead.
/// </summary>
internal static class EventStream
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task ServeAsync(ProvisionerApi api, ApiRequest request, HttpContext context)
    {
        var cursor = request.QueryValue("after") ?? request.Header("Last-Event-ID");
        var first = true;
        while (!context.RequestAborted.IsCancellationRequested)
        {
            var query = new Dictionary<string, string>(request.Query, StringComparer.Ordinal);
            if (cursor is not null)
            {
                query["after"] = cursor;
            }

            var page = await api.HandleAsync(request with { Query = query }, context.RequestAborted).ConfigureAwait(false);
            if (first && page.Status != StatusCodes.Status200OK)
            {
                // Not found, unauthorized, bad cursor: the problem as JSON, not a stream.
                await UpHost.WriteAsync(page, context).ConfigureAwait(false);
                return;
            }

            if (first)
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "text/event-stream";
                context.Response.Headers.CacheControl = "no-cache";
                first = false;
            }

            var body = JsonNode.Parse(page.BodyText);
            var text = new StringBuilder();
            foreach (var e in body?["events"]?.AsArray() ?? [])
            {
                text.Append("id: ").Append((string?)e?["id"]).Append('\n').Append("data: ").Append(e?.ToJsonString()).Append("\n\n");
            }

            cursor = (string?)body?["next"] ?? cursor;
            if (text.Length > 0)
            {
                await context.Response.WriteAsync(text.ToString(), context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(PollInterval, context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
