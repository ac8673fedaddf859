namespace Provisioner.Aws;

/// <summary>
/// Retry of throttling, 5xx and transport failures: full-jitter exponential backoff
/// (delay = random(0, min(MaxDelay, BaseDelay * 2^attempt))), at most <see cref="MaxAttempts"/> attempts in all.
/// The defaults follow the AWS SDKs' "standard" retry mode (3 attempts, 20 s cap); Lambda steps are short and the
/// state machine retries the step itself, so more attempts here would only hide trouble.
/// </summary>
public sealed record AwsRetryOptions
{
    /// <summary>Total attempts including the first (1 disables retries).</summary>
    public int MaxAttempts { get; init; } = 3;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Throttling answers start from a larger base (the SDKs use 500 ms): the service asked us to slow down.</summary>
    public TimeSpan ThrottlingBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Timeout of one attempt (not of the whole call with its retries).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
