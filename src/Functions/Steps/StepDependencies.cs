using Provisioner.Aws.AutoScaling;
using Provisioner.Aws.CertificateManager;
using Provisioner.Aws.CloudWatch;
using Provisioner.Aws.CloudWatchLogs;
using Provisioner.Aws.Ec2;
using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Aws.Scheduler;
using Provisioner.Aws.Sns;

namespace Provisioner.Functions.Steps;

/// <summary>
/// What the steps are built from: the narrow AWS client ports (production: the real clients; unit tests:
/// recording fakes; integration tests: the real clients against moto), the clock, and the deployment settings.
/// </summary>
public sealed record StepDependencies
{
    public required IEc2Client Ec2 { get; init; }
    public required IElbV2Client ElbV2 { get; init; }
    public required IAutoScalingClient AutoScaling { get; init; }
    public required ICloudWatchClient CloudWatch { get; init; }
    public required ICloudWatchLogsClient CloudWatchLogs { get; init; }
    public required IAcmClient Acm { get; init; }
    public required ISnsClient Sns { get; init; }
    public required ISchedulerClient Scheduler { get; init; }
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public StepSettings Settings { get; init; } = new();
}
