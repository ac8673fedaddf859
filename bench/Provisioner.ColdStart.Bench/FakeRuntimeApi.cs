using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Provisioner.ColdStart.Bench;

/// <summary>What the bootstrap posted for one event, with when it asked for the event and when it answered (Stopwatch ticks).</summary>
public sealed record Answer(bool IsError, string Body, long AskedAt, long AnsweredAt);

/// <summary>
/// The Lambda Runtime API (2018-06-01) on 127.0.0.1, as Lambda's service side of it: <c>next</c> hands out the
/// one queued event (and notes when the bootstrap first asked, the end of its init), <c>response</c> and
/// <c>error</c> take the answer (and note when it came: the end of the cold start), <c>init/error</c> fails it.
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<(string Id, string Payload)> _events = Channel.CreateUnbounded<(string, string)>();
    private readonly ConcurrentDictionary<string, (TaskCompletionSource<Answer> Answer, long AskedAt)> _pending = new(StringComparer.Ordinal);
    private TaskCompletionSource<Answer>? _initError;

    private FakeRuntimeApi(WebApplication app) => _app = app;

    /// <summary>host:port, as Lambda puts it in AWS_LAMBDA_RUNTIME_API.</summary>
    public string HostAndPort { get; private set; } = "";

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new FakeRuntimeApi(app);
        app.MapGet("/2018-06-01/runtime/invocation/next", api.NextAsync);
        app.MapPost("/2018-06-01/runtime/invocation/{id}/response", (string id, HttpRequest request) => api.AnswerAsync(id, request, isError: false));
        app.MapPost("/2018-06-01/runtime/invocation/{id}/error", (string id, HttpRequest request) => api.AnswerAsync(id, request, isError: true));
        app.MapPost("/2018-06-01/runtime/init/error", api.InitErrorAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api.HostAndPort = new Uri(address).Authority;
        return api;
    }

    /// <summary>Queues one event; completes with the bootstrap's answer (or its init error).</summary>
    public Task<Answer> Invoke(string payload)
    {
        var id = Guid.NewGuid().ToString("n");
        var answer = new TaskCompletionSource<Answer>(TaskCreationOptions.RunContinuationsAsynchronously);
        _initError = answer;
        _pending[id] = (answer, 0);
        _events.Writer.TryWrite((id, payload));
        return answer.Task;
    }

    private async Task NextAsync(HttpContext context)
    {
        var askedAt = Stopwatch.GetTimestamp();
        var (id, payload) = await _events.Reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
        if (_pending.TryGetValue(id, out var entry))
        {
            _pending[id] = (entry.Answer, askedAt);
        }
        context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = id;
        context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:coldstart";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(payload, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task<IResult> AnswerAsync(string id, HttpRequest request, bool isError)
    {
        var answeredAt = Stopwatch.GetTimestamp();
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        if (!_pending.TryRemove(id, out var entry))
        {
            return Results.BadRequest(new { message = $"unknown request id {id}" });
        }
        entry.Answer.TrySetResult(new Answer(isError, body, entry.AskedAt, answeredAt));
        return Results.Accepted();
    }

    private async Task<IResult> InitErrorAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        _initError?.TrySetException(new InvalidOperationException("the bootstrap reported an init error: " + body));
        return Results.Accepted();
    }

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
