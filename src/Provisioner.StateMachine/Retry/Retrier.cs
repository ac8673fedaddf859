using Provisioner.StateMachine.Errors;

namespace Provisioner.StateMachine.Retry;

/// <summary>JitterStrategy of a Retrier.</summary>
internal enum JitterStrategy
{
    None,
    Full,
}

/// <summary>One Retry entry; its attempt count is its own, as in AWS.</summary>
internal sealed record Retrier(
    IReadOnlyList<string> ErrorEquals,
    double IntervalSeconds = 1,
    int MaxAttempts = 3,
    double BackoffRate = 2.0,
    int? MaxDelaySeconds = null,
    JitterStrategy Jitter = JitterStrategy.None)
{
    public bool Matches(string error) => ErrorEquals.Any(pattern => StatesErrorNames.Matches(pattern, error));

    /// <summary>The wait before retry number <paramref name="retriesSoFar"/> + 1: IntervalSeconds x BackoffRate^n, capped, then jittered.</summary>
    public TimeSpan DelayBefore(int retriesSoFar, Random random)
    {
        var seconds = IntervalSeconds * Math.Pow(BackoffRate, retriesSoFar);
        if (MaxDelaySeconds is { } max)
        {
            seconds = Math.Min(seconds, max);
        }

        if (Jitter == JitterStrategy.Full)
        {
#pragma warning disable CA5394 // Back-off jitter, not security.
            seconds *= random.NextDouble();
#pragma warning restore CA5394
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
