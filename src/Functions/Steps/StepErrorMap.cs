using System.Net;
using Provisioner.Aws;
using Provisioner.Core.Steps;

namespace Provisioner.Functions.Steps;

/// <summary>
/// The one place where an AWS or transport failure becomes a step error the state machines retry or
/// catch by name (<see cref="StepErrors"/>). The clients have already retried throttling, 5xx and
/// transport failures with backoff by the time an exception gets here, so those are
/// <see cref="StepErrors.Throttled"/> (throttling: retry the task for as long as a rate limit takes to drain) or
/// <see cref="StepErrors.Transient"/> (retry the task later); any other AWS answer is
/// <see cref="StepErrors.Rejected"/> (retrying will not help: roll back). A step's own
/// <see cref="StepFailedException"/> passes through unchanged.
/// </summary>
public static class StepErrorMap
{
    /// <summary>Wraps a handler body so that every failure leaves it as a <see cref="StepFailedException"/>.</summary>
    public static Func<TInput, CancellationToken, Task<TOutput>> Guard<TInput, TOutput>(
        string handlerName, Func<TInput, CancellationToken, Task<TOutput>> run)
    {
        ArgumentException.ThrowIfNullOrEmpty(handlerName);
        ArgumentNullException.ThrowIfNull(run);
        return async (input, cancellationToken) =>
        {
            try
            {
                return await run(input, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Map(handlerName, ex, cancellationToken) is { } mapped)
            {
                throw mapped;
            }
        };
    }

    /// <summary>
    /// The step error for <paramref name="exception"/>, or null when it must propagate as is (the caller's
    /// own cancellation, and step errors that already carry their name).
    /// </summary>
    public static StepFailedException? Map(string handlerName, Exception exception, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            StepFailedException => null,
            OperationCanceledException when cancellationToken.IsCancellationRequested => null,
            AwsServiceException aws => new StepFailedException(
                aws.IsThrottling ? StepErrors.Throttled : IsTransient(aws) ? StepErrors.Transient : StepErrors.Rejected,
                $"{handlerName}: {aws.Message}{RequestIdSuffix(aws.RequestId)}",
                aws),
            // Polly's per-attempt timeout (the clients' retry pipeline) surfaces as TimeoutRejectedException.
            HttpRequestException or TimeoutException or OperationCanceledException or IOException or Polly.Timeout.TimeoutRejectedException => new StepFailedException(
                StepErrors.Transient,
                $"{handlerName}: the AWS call did not complete ({exception.GetType().Name}: {exception.Message})",
                exception),
            _ => null,
        };
    }

    /// <summary>Server-side failures are worth another try; so is a 409-style conflict AWS documents as retryable.</summary>
    private static bool IsTransient(AwsServiceException aws) =>
        aws.IsTransient || aws.StatusCode is HttpStatusCode.RequestTimeout;

    private static string RequestIdSuffix(string? requestId) =>
        string.IsNullOrEmpty(requestId) ? "" : $" (request id {requestId})";
}
