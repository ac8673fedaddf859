namespace Provisioner.LocalCloud;

/// <summary>How to start the local cloud.</summary>
public sealed record LocalCloudOptions
{
    /// <summary>The clock of lifecycles, limits and delays (system, scaled, or fake).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>What the realism layer's delays wait on; null: <see cref="Time"/> (see <see cref="Realism.RealismOptions.WaitTime"/>).</summary>
    public TimeProvider? WaitTime { get; init; }

    /// <summary>Seed of the latency model (<c>--seed</c>): the same seed repeats a run.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The realism layer (lifecycles, AWS rules, limits, faults); off gives moto's own behaviour.</summary>
    public bool Realism { get; init; } = true;

    public bool RateLimits { get; init; } = true;

    /// <summary>AWS's service quotas LocalCloud enforces (defaults: AWS's; an operator raises them).</summary>
    public Realism.ServiceQuotas Quotas { get; init; } = new();

    /// <summary>Adds ~1 s per API call on the clock (on a virtual clock a wait of the calling task, costing no real time).</summary>
    public bool CallLatency { get; init; }

    /// <summary>Seed the lab's starting point (default VPC, subnets, a running app server).</summary>
    public bool SeedLab { get; init; } = true;

    /// <summary>An emulator already running; null: <c>AWS_ENDPOINT_URL</c> when set, else start moto_server.</summary>
    public Uri? Endpoint { get; init; }

    /// <summary>Read <c>AWS_ENDPOINT_URL</c> when <see cref="Endpoint"/> is null (tests switch it off to always own their moto).</summary>
    public bool UseEnvironmentEndpoint { get; init; } = true;

    /// <summary>Allow an endpoint that is not on the loopback interface (never by default: no accidental real AWS).</summary>
    public bool AllowNonLoopbackEndpoint { get; init; }

    public string Region { get; init; } = "us-east-1";

    /// <summary>The realism layer's state file (a data folder's <c>localcloud.json</c>) for an emulator that outlives this process; null: memory only.</summary>
    public string? StatePath { get; init; }

    /// <summary>The moto_server executable; null: <c>PROVISIONER_MOTO_SERVER</c>, else <c>moto_server</c> on PATH.</summary>
    public string? MotoExecutable { get; init; }
}
