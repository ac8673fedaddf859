namespace Provisioner.Core.Spec;

/// <summary>Load-balancer-generated cookie stickiness (`lb_cookie`) on the target group.</summary>
public sealed record StickinessSpec
{
    public bool Enabled { get; init; } = true;
    public int DurationSeconds { get; init; } = 86400;
}
