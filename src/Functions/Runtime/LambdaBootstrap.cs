using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Core.Steps;
using Provisioner.Core.Validation;
using Provisioner.Functions.Handlers;

namespace Provisioner.Functions.Runtime;

/// <summary>
/// The custom-runtime loop: take the next event, run the handler until the invocation's deadline, post
/// the response or the error, repeat. One handler per process, as Lambda runs one per function.
/// An event that does not parse (or repeats a property) is <see cref="StepErrors.BadInput"/>; reaching the
/// deadline is <see cref="StepErrors.Transient"/> (the state machines retry it); a failure's stack trace
/// goes to <paramref name="log"/> (the function's log), never into the error Step Functions shows as the cause.
/// </summary>
public sealed class LambdaBootstrap(LambdaRuntimeApi runtime, IFunctionHandler handler, TimeProvider time, TextWriter? log = null)
{
    /// <summary>Room left before Lambda's own deadline to post the error instead of being killed silently.</summary>
    public static readonly TimeSpan DeadlineMargin = TimeSpan.FromMilliseconds(500);

    /// <summary>What an invocation cancelled at its deadline reports (the local engine's functions report the same).</summary>
    public static StepFailedException DeadlineReached(string handlerName, Exception inner) =>
        new(StepErrors.Transient, $"{handlerName}: reached the invocation's deadline before finishing; the task is worth another try.", inner);

    /// <summary>Handles invocations until cancelled (the process ends when Lambda freezes or stops it).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // A stopped loop always ends in OperationCanceledException, whether the stop came
        // during a poll, during an invocation or between the two.
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
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
            var input = ParseEvent(handler.Name, invocation.Payload.Span);
            var output = await handler.InvokeAsync(input, deadline.Token).ConfigureAwait(false);
            response = JsonSerializer.SerializeToUtf8Bytes(output, JsonNodeContext.Default.JsonNode);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var reported = ex is OperationCanceledException && timeout.IsCancellationRequested
                ? DeadlineReached(handler.Name, ex)
                : ex;
            if (log is not null)
            {
                await log.WriteLineAsync($"{invocation.RequestId} {handler.Name} failed: {ex}").ConfigureAwait(false);
            }
            await runtime.ReportInvocationErrorAsync(invocation.RequestId, LambdaErrors.From(reported), cancellationToken).ConfigureAwait(false);
            return;
        }
        await runtime.RespondAsync(invocation.RequestId, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The event as JSON, or <see cref="StepErrors.BadInput"/> naming what is wrong with it.</summary>
    public static JsonNode? ParseEvent(string handlerName, ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return null;
        }
        JsonNode? input;
        try
        {
            input = JsonNode.Parse(payload);
        }
        catch (JsonException ex)
        {
            throw new StepFailedException(StepErrors.BadInput, $"{handlerName}: the event is not JSON: {EnvironmentSpecValidator.MalformedJson(ex).Rule}", ex);
        }
        var duplicates = JsonDuplicates.Find(payload);
        if (duplicates.Count > 0)
        {
            throw new StepFailedException(StepErrors.BadInput, $"{handlerName}: the event is not usable: {JsonDuplicates.Describe(duplicates)}");
        }
        return input;
    }
}
