using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Functions.Handlers;

namespace Provisioner.Functions.Runtime;

/// <summary>
/// The custom-runtime loop: take the next event, run the handler until the invocation's deadline, post
/// the response or the error, repeat. One handler per process, as Lambda runs one per function.
/// </summary>
public sealed class LambdaBootstrap(LambdaRuntimeApi runtime, IFunctionHandler handler, TimeProvider time)
{
    /// <summary>Room left before Lambda's own deadline to post the error instead of being killed silently.</summary>
    public static readonly TimeSpan DeadlineMargin = TimeSpan.FromMilliseconds(500);

    /// <summary>Handles invocations until cancelled (the process ends when Lambda freezes or stops it).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var invocation = await runtime.NextAsync(cancellationToken).ConfigureAwait(false);
            await HandleAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one invocation and reports its outcome to the runtime API.</summary>
    public async Task HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (invocation.TraceId is not null)
        {
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
        }
        // The deadline runs on the injected clock, so tests can reach it without waiting.
        var left = invocation.Deadline == DateTimeOffset.MaxValue
            ? Timeout.InfiniteTimeSpan
            : invocation.Deadline - time.GetUtcNow() - DeadlineMargin;
        using var timeout = new CancellationTokenSource(left == Timeout.InfiniteTimeSpan || left > TimeSpan.Zero ? left : TimeSpan.Zero, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        byte[] response;
        try
        {
            var input = invocation.Payload.IsEmpty ? null : JsonNode.Parse(invocation.Payload.Span);
            var output = await handler.InvokeAsync(input, deadline.Token).ConfigureAwait(false);
            response = JsonSerializer.SerializeToUtf8Bytes(output, JsonNodeContext.Default.JsonNode);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            await runtime.ReportInvocationErrorAsync(invocation.RequestId, LambdaErrors.From(ex), cancellationToken).ConfigureAwait(false);
            return;
        }
        await runtime.RespondAsync(invocation.RequestId, response, cancellationToken).ConfigureAwait(false);
    }
}
