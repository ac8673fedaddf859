using System.Text.Json.Nodes;
using Provisioner.Core.Naming;

namespace Provisioner.Portal.Tests.Fixture;

/// <summary>One event of the feed, as <c>GET /environments/{id}/events</c> gives it.</summary>
public sealed record WorkflowEvent(DateTimeOffset At, string Step, string Phase, string? Message, string? Branch);

/// <summary>
/// The provision and teardown the fake API plays back, shaped like the real state machine's: the
/// image bake, the load balancer chain and the log export side by side (with the AMI wait), then
/// the launch template and the Auto Scaling group; the teardown undoes them in reverse.
/// </summary>
public static class WorkflowScript
{
    public const string ImageBranch = "image";
    public const string LoadBalancerBranch = "loadBalancer";
    public const string LogsBranch = "logs";

    /// <summary>An environment id starting with this fails its first provision at CreateAsg and rolls back.</summary>
    public const string FailingPrefix = "fail-";
    public const string FailureError = "AutoScaling.ValidationError";
    public const string FailureCause = "The launch template's instance type is not offered in the subnets' zones.";

    private static readonly (int At, string Step, string Phase, string? Message, string? Branch)[] ProvisionSteps =
    [
        (0, StepNames.CreateAmi, "started", null, ImageBranch),
        (0, StepNames.CreateTargetGroup, "started", null, LoadBalancerBranch),
        (0, StepNames.ScheduleLogExport, "started", null, LogsBranch),
        (3, StepNames.CreateAmi, "succeeded", "image pending", ImageBranch),
        (3, StepNames.WaitAvailable, "started", null, ImageBranch),
        (4, StepNames.WaitAvailable, "waiting", "image pending: next look in 30 s", ImageBranch),
        (4, StepNames.CreateTargetGroup, "succeeded", null, LoadBalancerBranch),
        (4, StepNames.CreateAlb, "started", null, LoadBalancerBranch),
        (5, StepNames.ScheduleLogExport, "succeeded", null, LogsBranch),
        (12, StepNames.CreateAlb, "succeeded", "load balancer provisioning", LoadBalancerBranch),
        (12, StepNames.AttachCert, "started", null, LoadBalancerBranch),
        (16, StepNames.AttachCert, "succeeded", null, LoadBalancerBranch),
        (16, StepNames.CreateAlarms, "started", null, LoadBalancerBranch),
        (20, StepNames.CreateAlarms, "succeeded", null, LoadBalancerBranch),
        (34, StepNames.WaitAvailable, "waiting", "image pending: next look in 30 s", ImageBranch),
        (64, StepNames.WaitAvailable, "succeeded", "image available", ImageBranch),
        (64, StepNames.CreateLaunchTemplate, "started", null, null),
        (67, StepNames.CreateLaunchTemplate, "succeeded", null, null),
        (67, StepNames.CreateAsg, "started", null, null),
        (75, StepNames.CreateAsg, "succeeded", "1 instance healthy", null),
    ];

    private static readonly string[] UndoOrder =
    [
        StepNames.CreateAsg, StepNames.CreateLaunchTemplate, StepNames.ScheduleLogExport, StepNames.CreateAlarms,
        StepNames.AttachCert, StepNames.CreateAlb, StepNames.CreateTargetGroup, StepNames.CreateAmi,
    ];

    public static IEnumerable<WorkflowEvent> Provision(DateTimeOffset start) =>
        ProvisionSteps.Select(s => new WorkflowEvent(start.AddSeconds(s.At), s.Step, s.Phase, s.Message, s.Branch));

    /// <summary>The provision up to CreateAsg, which fails; then the rollback undoes everything in reverse.</summary>
    public static IEnumerable<WorkflowEvent> FailedProvision(DateTimeOffset start)
    {
        var failedAt = ProvisionSteps[^1].At - 4;
        return ProvisionSteps
            .Where(s => s.At < failedAt || (s.Step == StepNames.CreateAsg && s.Phase == "started"))
            .Select(s => new WorkflowEvent(start.AddSeconds(s.At), s.Step, s.Phase, s.Message, s.Branch))
            .Append(new WorkflowEvent(start.AddSeconds(failedAt), StepNames.CreateAsg, "failed", $"{FailureError}: {FailureCause}", null))
            .Concat(Teardown(start.AddSeconds(failedAt)));
    }

    public static IEnumerable<WorkflowEvent> Teardown(DateTimeOffset start) =>
        UndoOrder.SelectMany((step, i) => new[]
        {
            new WorkflowEvent(start.AddSeconds(i * 4), $"{step}.Undo", "started", null, null),
            new WorkflowEvent(start.AddSeconds((i * 4) + 4), $"{step}.Undo", "succeeded", "removed", null),
        });

    public static string Url(string environmentId) => $"https://{environmentId}-alb-1234567890.us-east-1.elb.amazonaws.com";

    public static JsonObject Resources(string environmentId) => new()
    {
        ["image"] = new JsonObject { ["amiId"] = "ami-0f1e2d3c4b5a69788" },
        ["targetGroup"] = new JsonObject { ["targetGroupArn"] = $"arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{environmentId}-tg/0123456789abcdef" },
        ["loadBalancer"] = new JsonObject
        {
            ["loadBalancerArn"] = $"arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/{environmentId}-alb/0123456789abcdef",
            ["dnsName"] = $"{environmentId}-alb-1234567890.us-east-1.elb.amazonaws.com",
        },
        ["autoScalingGroup"] = new JsonObject { ["autoScalingGroupName"] = $"{environmentId}-asg" },
        ["logs"] = new JsonObject { ["logGroupName"] = $"/provisioner/{environmentId}" },
    };
}
