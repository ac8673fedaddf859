using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Provisioner.Functions.Tests.Runtime;

/// <summary>
/// A Lambda Runtime API (2018-06-01) on 127.0.0.1: hands out queued events on <c>next</c> and records
/// what the bootstrap posts back (responses, invocation errors, init errors).
/// </summary>
public sealed class FakeRuntimeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<QueuedEvent> _events = Channel.CreateUnbounded<QueuedEvent>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<PostedResult>> _results = new();
    private readonly TaskCompletionSource<PostedResult> _initError = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeRuntimeApi(WebApplication app) => _app = app;

    /// <summary>host:port, as Lambda puts it in AWS_LAMBDA_RUNTIME_API.</summary>
    public string HostAndPort { get; private set; } = "";

    public static async Task<FakeRuntimeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeRuntimeApi(app);
        app.MapGet("/2018-06-01/runtime/invocation/next", fake.NextAsync);
        app.MapPost("/2018-06-01/runtime/invocation/{id}/response", (string id, HttpRequest request) => fake.RecordAsync(id, request, isError: false));
        app.MapPost("/2018-06-01/runtime/invocation/{id}/error", (string id, HttpRequest request) => fake.RecordAsync(id, request, isError: true));
        app.MapPost("/2018-06-01/runtime/init/error", fake.RecordInitErrorAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.HostAndPort = new Uri(address).Authority;
        return fake;
    }

    /// <summary>Queues an event; the returned task completes when the bootstrap posts its outcome.</summary>
    public Task<PostedResult> Invoke(string payload, DateTimeOffset? deadline = null)
    {
        var id = Guid.NewGuid().ToString("n");
        var result = new TaskCompletionSource<PostedResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _results[id] = result;
        _events.Writer.TryWrite(new QueuedEvent(id, payload, deadline ?? DateTimeOffset.UtcNow.AddMinutes(15)));
        return result.Task;
    }

    public Task<PostedResult> InitError => _initError.Task;

    private async Task NextAsync(HttpContext context)
    {
        var next = await _events.Reader.ReadAsync(context.RequestAborted);
        context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = next.RequestId;
        context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = next.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:test";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(next.Payload, context.RequestAborted);
    }

    private async Task<IResult> RecordAsync(string id, HttpRequest request, bool isError)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        if (!_results.TryRemove(id, out var result))
        {
            return Results.BadRequest(new { message = $"unknown request id {id}" });
        }
        result.TrySetResult(new PostedResult(isError, body, request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault()));
        return Results.Accepted();
    }

    private async Task<IResult> RecordInitErrorAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        _initError.TrySetResult(new PostedResult(true, body, request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault()));
        return Results.Accepted();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record QueuedEvent(string RequestId, string Payload, DateTimeOffset Deadline);
}

/// <summary>What the bootstrap posted for one invocation: the response body, or the error document and its type header.</summary>
public sealed record PostedResult(bool IsError, string Body, string? ErrorTypeHeader);
