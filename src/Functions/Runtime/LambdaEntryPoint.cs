using Provisioner.Functions.Handlers;

namespace Provisioner.Functions.Runtime;

/// <summary>
/// What <c>bootstrap</c> does when Lambda starts it: find the runtime API and the handler named by
/// <c>_HANDLER</c>, report an init error if either is wrong (so the failure shows in the function's
/// logs and the caller's error, not as a timeout), then serve invocations until stopped.
/// </summary>
public static class LambdaEntryPoint
{
    public const string HandlerVariable = "_HANDLER";

    /// <summary>Runs the bootstrap; returns the process exit code.</summary>
    /// <param name="environment">Reads an environment variable (injectable for tests).</param>
    /// <param name="createHandlers">Builds the handler table from the environment; may throw for bad configuration.</param>
    public static async Task<int> RunAsync(
        Func<string, string?> environment,
        Func<Func<string, string?>, HandlerTable> createHandlers,
        TimeProvider time,
        TextWriter log,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(createHandlers);
        ArgumentNullException.ThrowIfNull(log);

        var runtimeApi = environment(LambdaRuntimeApi.RuntimeApiVariable);
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            await log.WriteLineAsync($"bootstrap: {LambdaRuntimeApi.RuntimeApiVariable} is not set; this program runs inside AWS Lambda (provided.al2023) or under a Runtime API emulator.").ConfigureAwait(false);
            return 1;
        }

        using var http = LambdaRuntimeApi.CreateHttpClient(runtimeApi);
        var runtime = new LambdaRuntimeApi(http);
        IFunctionHandler handler;
        try
        {
            var handlerName = environment(HandlerVariable);
            if (string.IsNullOrWhiteSpace(handlerName))
            {
                throw new InvalidOperationException($"{HandlerVariable} is not set: the function's Handler setting must name a handler such as 'CreateAlb.Run'.");
            }
            handler = createHandlers(environment).Get(handlerName);
        }
        catch (Exception ex) when (ex is InvalidOperationException or KeyNotFoundException or ArgumentException)
        {
            await log.WriteLineAsync($"bootstrap: {ex.Message}").ConfigureAwait(false);
            await runtime.ReportInitErrorAsync(LambdaErrors.From(ex), cancellationToken).ConfigureAwait(false);
            return 1;
        }

        try
        {
            await new LambdaBootstrap(runtime, handler, time, log).RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Lambda sends SIGTERM on shutdown; stopping between invocations is the normal end.
        }
        return 0;
    }
}
