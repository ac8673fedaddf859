using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

using Provisioner.StateMachine.Engine;

namespace Provisioner.StateMachine.Api;

/// <summary>
/// The Step Functions API subset over HTTP (AWS JSON 1.0, <c>X-Amz-Target: AWSStepFunctions.*</c>)
/// on 127.0.0.1, so AWS SDKs and <c>aws stepfunctions --endpoint-url</c> talk to the engine as to AWS.
/// </summary>
public sealed class StepFunctionsApiHost : IAsyncDisposable
{
    private const string TargetPrefix = "AWSStepFunctions.";

    private static readonly Dictionary<string, Func<StateMachineEngine, ApiRequest, Task<JsonObject>>> Actions = new(StringComparer.Ordinal)
    {
        ["CreateStateMachine"] = StateMachineActions.CreateStateMachine,
        ["UpdateStateMachine"] = StateMachineActions.UpdateStateMachine,
        ["DescribeStateMachine"] = StateMachineActions.DescribeStateMachine,
        ["ListStateMachines"] = StateMachineActions.ListStateMachines,
        ["StartExecution"] = ExecutionActions.StartExecution,
        ["DescribeExecution"] = ExecutionActions.DescribeExecution,
        ["ListExecutions"] = ExecutionActions.ListExecutions,
        ["GetExecutionHistory"] = ExecutionActions.GetExecutionHistory,
        ["StopExecution"] = ExecutionActions.StopExecution,
        ["RedriveExecution"] = ExecutionActions.RedriveExecution,
    };

    private readonly WebApplication _app;

    private StepFunctionsApiHost(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The base address, e.g. http://127.0.0.1:54321/.</summary>
    public Uri Endpoint { get; }

    /// <summary>Serves <paramref name="engine"/> on 127.0.0.1; port 0 picks a free one.</summary>
    public static async Task<StepFunctionsApiHost> StartAsync(StateMachineEngine engine, int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/", context => HandleAsync(engine, context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First()
            : throw new InvalidOperationException("Kestrel did not start.");
        return new StepFunctionsApiHost(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task HandleAsync(StateMachineEngine engine, HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        context.Response.ContentType = "application/x-amz-json-1.0";
        JsonObject response;
        try
        {
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            if (!target.StartsWith(TargetPrefix, StringComparison.Ordinal) || !Actions.TryGetValue(target[TargetPrefix.Length..], out var action))
            {
                throw new StepFunctionsException("UnknownOperationException", $"Unknown operation '{target}'.");
            }

            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
            response = await action(engine, ApiRequest.Parse(buffer.ToArray())).ConfigureAwait(false);
        }
        catch (StepFunctionsException e)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            response = new JsonObject { ["__type"] = e.ErrorCode, ["message"] = e.Message };
        }

        await context.Response.WriteAsync(response.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}
