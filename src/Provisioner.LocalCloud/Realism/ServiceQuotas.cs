namespace Provisioner.LocalCloud.Realism;

/// <summary>
/// AWS's default service quotas that bind these environments, as an operator may raise them (AWS raises them
/// on request; here an option). Counted from what exists in the emulator at each create, never a counter.
/// Defaults from:
/// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
/// (Application Load Balancers per Region 50, Listeners per Application Load Balancer 50, Target Groups per Region 3,000)
/// https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-quotas.html (Auto Scaling groups per region 500)
/// </summary>
public sealed record ServiceQuotas
{
    /// <summary>"Application Load Balancers per Region" (elasticloadbalancing L-53DA6B97), default 50.</summary>
    public int ApplicationLoadBalancersPerRegion { get; init; } = 50;

    /// <summary>"Listeners per Application Load Balancer", default 50.</summary>
    public int ListenersPerApplicationLoadBalancer { get; init; } = 50;

    /// <summary>"Target Groups per Region", default 3,000.</summary>
    public int TargetGroupsPerRegion { get; init; } = 3000;

    /// <summary>"Auto Scaling groups per region", default 500.</summary>
    public int AutoScalingGroupsPerRegion { get; init; } = 500;

    /// <summary>Every quota multiplied by <paramref name="factor"/> (an operator's blanket increase, e.g. for a load test).</summary>
    public ServiceQuotas Raised(int factor) => factor < 1
        ? throw new ArgumentOutOfRangeException(nameof(factor), factor, "a quota increase factor is at least 1")
        : new()
        {
            ApplicationLoadBalancersPerRegion = checked(ApplicationLoadBalancersPerRegion * factor),
            ListenersPerApplicationLoadBalancer = checked(ListenersPerApplicationLoadBalancer * factor),
            TargetGroupsPerRegion = checked(TargetGroupsPerRegion * factor),
            AutoScalingGroupsPerRegion = checked(AutoScalingGroupsPerRegion * factor),
        };
}
