namespace Provisioner.LocalCloud.Realism;

/// <summary>Switches and inputs of the realism layer.</summary>
public sealed record RealismOptions
{
    /// <summary>The clock lifecycles, limits and delays run on: <see cref="TimeProvider.System"/>,
    /// the engine's virtual clock (paced or instant), or a fake clock in tests.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// The clock the layer's own delays wait on (simulated call latency, injected delays); null: <see cref="Time"/>.
    /// On a virtual clock this is its <c>Waits</c> view, so a delayed call is a wait of the task that makes it.
    /// </summary>
    public TimeProvider? WaitTime { get; init; }

    /// <summary>Seed of the latency sampler: the same seed gives the same durations.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Off: every call passes straight to the emulator (moto's own behaviour).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>AWS's API rate limits (token buckets).</summary>
    public bool RateLimits { get; init; } = true;

    /// <summary>AWS's default service quotas (raise them as an operator would, e.g. <see cref="ServiceQuotas.Raised"/>).</summary>
    public ServiceQuotas Quotas { get; init; } = new();

    /// <summary>Adds the "other API calls ~1 s" latency to every call (needs a clock that advances by itself).</summary>
    public bool CallLatency { get; init; }

    /// <summary>
    /// Where the layer keeps what moto does not (lifecycle clocks, client tokens, export tasks...), so a layer
    /// restarted over an emulator that outlived it carries on (<see cref="LocalCloudState"/>); null: memory only.
    /// </summary>
    public string? StatePath { get; init; }

    /// <summary>Region of the layer's own calls to the emulator.</summary>
    public string Region { get; init; } = "us-east-1";
}
