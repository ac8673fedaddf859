namespace Provisioner.LocalCloud.Inspection;

/// <summary>One resource found for an environment, with the tags it carries.</summary>
public sealed record InspectedResource(
    string Service,
    string Type,
    string Id,
    string? Name,
    IReadOnlyDictionary<string, string> Tags,
    string? State = null)
{
    public override string ToString() => $"{Type} {Name ?? Id}{(State is null ? "" : $" ({State})")}";
}

/// <summary>The resource types inspection reports (one name each, as tests and the demo print them).</summary>
public static class InspectedTypes
{
    public const string Image = "ec2:image";
    public const string Snapshot = "ec2:snapshot";
    public const string SecurityGroup = "ec2:security-group";
    public const string LaunchTemplate = "ec2:launch-template";
    public const string Instance = "ec2:instance";
    public const string LoadBalancer = "elbv2:load-balancer";
    public const string TargetGroup = "elbv2:target-group";
    public const string Listener = "elbv2:listener";
    public const string AutoScalingGroup = "autoscaling:group";
    public const string Alarm = "cloudwatch:alarm";
    public const string Dashboard = "cloudwatch:dashboard";
    public const string Topic = "sns:topic";
    public const string LogGroup = "logs:log-group";
    public const string Schedule = "scheduler:schedule";
    public const string Certificate = "acm:certificate";
}
