using System.Net.Sockets;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Provisioner.Aws.Http;

/// <summary>
/// Retry of our clients' calls (Polly): throttling error codes, HTTP 5xx and transport failures (connection
/// errors, per-attempt timeouts) are retried with full-jitter exponential backoff up to a cap; validation,
/// not-found and every other 4xx are not. The caller's cancellation stops both the attempt and the wait.
/// Delays run on the settings' <see cref="TimeProvider"/>, so tests never sleep.
/// </summary>
internal static class AwsRetryPipeline
{
    /// <param name="timeProvider">What the back-off waits on.</param>
    /// <param name="attemptTimeProvider">What the per-attempt timeout watches on; null: <paramref name="timeProvider"/>.</param>
    public static ResiliencePipeline Build(AwsRetryOptions options, TimeProvider timeProvider, Func<double>? random = null, TimeProvider? attemptTimeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxAttempts, "AwsRetryOptions.MaxAttempts must be at least 1.");
        }
        random ??= Random.Shared.NextDouble;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsRetryable(ex, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    FullJitter(args.AttemptNumber, args.Outcome.Exception is AwsServiceException { IsThrottling: true } ? options.ThrottlingBaseDelay : options.BaseDelay, options.MaxDelay, random)),
            });
        }
        var attempt = new ResiliencePipelineBuilder { TimeProvider = attemptTimeProvider ?? timeProvider }
            .AddTimeout(options.AttemptTimeout)
            .Build();
        return builder.AddPipeline(attempt).Build();
    }

    /// <summary>random(0, min(cap, base * 2^attempt)) — "full jitter" (AWS Architecture Blog, Exponential Backoff and Jitter).</summary>
    public static TimeSpan FullJitter(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Func<double> random)
    {
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds(random() * ceiling);
    }

    public static bool IsRetryable(Exception exception, CancellationToken callerToken) => exception switch
    {
        AwsServiceException aws => aws.IsTransient,
        TimeoutRejectedException => true,
        HttpRequestException => true,
        SocketException => true,
        IOException => true,
        // A cancellation that is not the caller's is the transport giving up (e.g. a reset stream).
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => false,
    };
}
