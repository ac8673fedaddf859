namespace Provisioner.LocalCloud.Limits;

/// <summary>
/// One bucket rule. <see cref="Action"/> is an action name, or a category: <c>*read</c> (Describe/List/Get),
/// <c>*write</c> (everything else). EC2 and ELB evaluate each API individually, so a category rule gives
/// every action of it its own bucket of this size.
/// </summary>
public sealed record RateLimitRule(string Service, string Action, double Capacity, double RefillPerSecond, string Source);

/// <summary>
/// AWS's API rate limits, as published. EC2 and ELBv2 publish token buckets (capacity, refill/s);
/// CloudWatch, Logs, SNS, ACM and Scheduler publish requests per second (modelled as a bucket of that
/// size refilled at that rate). Auto Scaling publishes no per-action figures; its row is an estimate
/// and says so.
/// </summary>
public static class RateLimitTable
{
    private const string Ec2 = "https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html";
    private const string Elb = "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-throttling.html";
    private const string CloudWatch = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html";
    private const string Logs = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html";
    private const string Sns = "https://docs.aws.amazon.com/general/latest/gr/sns.html";
    private const string Acm = "https://docs.aws.amazon.com/acm/latest/userguide/acm-limits.html";
    private const string Scheduler = "https://docs.aws.amazon.com/scheduler/latest/UserGuide/scheduler-quotas.html";

    /// <summary>EC2 actions that use the smaller bucket when called with no filter and no pagination.</summary>
    public static readonly IReadOnlySet<string> Ec2UnfilteredActions = new HashSet<string>(StringComparer.Ordinal)
    {
        "DescribeInstances", "DescribeInstanceStatus", "DescribeNetworkInterfaces", "DescribeSecurityGroups",
        "DescribeSnapshots", "DescribeSpotInstanceRequests", "DescribeVolumes",
    };

    public static IReadOnlyList<RateLimitRule> Rules { get; } =
    [
        // EC2: request token buckets, per API.
        new("ec2", "*read", 100, 20, Ec2 + " (non-mutating actions)"),
        new("ec2", "*read-unfiltered", 50, 10, Ec2 + " (unfiltered and unpaginated non-mutating actions)"),
        new("ec2", "*write", 50, 5, Ec2 + " (mutating actions)"),
        new("ec2", "AuthorizeSecurityGroupIngress", 50, 5, Ec2 + " (resource-intensive actions)"),
        new("ec2", "RevokeSecurityGroupIngress", 50, 5, Ec2 + " (resource-intensive actions)"),
        new("ec2", "CreateTags", 100, 10, Ec2 + " (uncategorized)"),
        new("ec2", "DeleteTags", 100, 10, Ec2 + " (uncategorized)"),
        new("ec2", "DeleteSnapshot", 100, 5, Ec2 + " (uncategorized)"),
        new("ec2", "DeregisterImage", 100, 5, Ec2 + " (uncategorized)"),
        new("ec2", "CopyImage", 100, 1, Ec2 + " (uncategorized)"),
        new("ec2", "CreateLaunchTemplateVersion", 100, 5, Ec2 + " (uncategorized)"),
        new("ec2", "ModifyLaunchTemplate", 100, 5, Ec2 + " (uncategorized)"),
        // ELBv2: Describe* 40/10 is on the page; CreateLoadBalancer 10/0.2 per DESIGN.md from the same page;
        // the other mutating actions are taken as 20/3 (not confirmed against the page in this session).
        new("elasticloadbalancing", "*read", 40, 10, Elb + " (non-mutating)"),
        new("elasticloadbalancing", "CreateLoadBalancer", 10, 0.2, Elb),
        new("elasticloadbalancing", "*write", 20, 3, Elb + " (mutating; figure to confirm)"),
        // Auto Scaling: AWS publishes no per-action rate; an estimate in the spirit of the others.
        new("autoscaling", "*read", 40, 10, "estimate: AWS publishes no Auto Scaling API rates"),
        new("autoscaling", "*write", 20, 2, "estimate: AWS publishes no Auto Scaling API rates"),
        // CloudWatch: transactions per second.
        new("monitoring", "PutMetricAlarm", 3, 3, CloudWatch + " (PutMetricAlarm 3 TPS)"),
        new("monitoring", "DeleteAlarms", 3, 3, CloudWatch + " (DeleteAlarms 3 TPS)"),
        new("monitoring", "DescribeAlarms", 9, 9, CloudWatch + " (DescribeAlarms 9 TPS)"),
        new("monitoring", "PutDashboard", 10, 10, CloudWatch + " (dashboard APIs 10 TPS)"),
        new("monitoring", "DeleteDashboards", 10, 10, CloudWatch + " (dashboard APIs 10 TPS)"),
        new("monitoring", "GetDashboard", 10, 10, CloudWatch + " (dashboard APIs 10 TPS)"),
        new("monitoring", "ListDashboards", 10, 10, CloudWatch + " (dashboard APIs 10 TPS)"),
        new("monitoring", "*read", 50, 50, CloudWatch + " (other reads; estimate)"),
        new("monitoring", "*write", 10, 10, CloudWatch + " (other writes; estimate)"),
        // CloudWatch Logs: transactions per second.
        new("logs", "CreateLogGroup", 5, 5, Logs + " (CreateLogGroup 5 TPS)"),
        new("logs", "DeleteLogGroup", 10, 10, Logs + " (DeleteLogGroup 10 TPS)"),
        new("logs", "PutRetentionPolicy", 5, 5, Logs + " (PutRetentionPolicy 5 TPS)"),
        new("logs", "DescribeLogGroups", 10, 10, Logs + " (DescribeLogGroups 10 TPS)"),
        new("logs", "CreateExportTask", 1, 1, Logs + " (CreateExportTask; estimate)"),
        new("logs", "*read", 10, 10, Logs + " (other reads; estimate)"),
        new("logs", "*write", 5, 5, Logs + " (other writes; estimate)"),
        // SNS, ACM, Scheduler: requests per second.
        new("sns", "*read", 30, 30, Sns + " (estimate for List*/Get*)"),
        new("sns", "*write", 10, 10, Sns + " (CreateTopic/DeleteTopic/Subscribe; estimate)"),
        new("acm", "ImportCertificate", 1, 1, Acm + " (ImportCertificate; estimate)"),
        new("acm", "*read", 10, 10, Acm + " (DescribeCertificate/ListCertificates; estimate)"),
        new("acm", "*write", 5, 5, Acm + " (other writes; estimate)"),
        new("scheduler", "*read", 50, 50, Scheduler + " (estimate)"),
        new("scheduler", "*write", 50, 50, Scheduler + " (CreateSchedule etc.; estimate)"),
    ];

    public static bool IsRead(string action) =>
        action.StartsWith("Describe", StringComparison.Ordinal) || action.StartsWith("List", StringComparison.Ordinal) ||
        action.StartsWith("Get", StringComparison.Ordinal) || action.StartsWith("Search", StringComparison.Ordinal) ||
        action.StartsWith("GET ", StringComparison.Ordinal);

    /// <summary>The rule for a call, or null when the service has no limits here (S3, STS, DynamoDB, Step Functions).</summary>
    public static RateLimitRule? Find(string service, string action, bool unfiltered)
    {
        RateLimitRule? exact = null, category = null;
        var wanted = IsRead(action)
            ? (unfiltered && service == "ec2" && Ec2UnfilteredActions.Contains(action) ? "*read-unfiltered" : "*read")
            : "*write";
        foreach (var rule in Rules)
        {
            if (rule.Service != service)
            {
                continue;
            }
            if (rule.Action == action)
            {
                exact = rule;
            }
            else if (rule.Action == wanted)
            {
                category = rule;
            }
        }
        return exact ?? category;
    }
}
