using Microsoft.Extensions.Time.Testing;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions.Tests.Steps.Fakes;

/// <summary>All the recording fakes over one call ledger and one fake clock, and the step dependencies built on them.</summary>
public sealed class FakeCloud
{
    public FakeCloud(StepSettings? settings = null)
    {
        Ec2 = new FakeEc2(Aws, Time);
        Elb = new FakeElb(Aws, Time);
        AutoScaling = new FakeAutoScaling(Aws);
        Acm = new FakeAcm(Aws);
        CloudWatch = new FakeCloudWatch(Aws);
        Sns = new FakeSns(Aws);
        Logs = new FakeLogs(Aws);
        Scheduler = new FakeScheduler(Aws);
        Dependencies = new StepDependencies
        {
            Ec2 = Ec2,
            ElbV2 = Elb,
            AutoScaling = AutoScaling,
            Acm = Acm,
            CloudWatch = CloudWatch,
            CloudWatchLogs = Logs,
            Sns = Sns,
            Scheduler = Scheduler,
            Time = Time,
            Settings = settings ?? TestSpecs.Settings,
        };
    }

    public FakeAws Aws { get; } = new();
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    public FakeEc2 Ec2 { get; }
    public FakeElb Elb { get; }
    public FakeAutoScaling AutoScaling { get; }
    public FakeAcm Acm { get; }
    public FakeCloudWatch CloudWatch { get; }
    public FakeSns Sns { get; }
    public FakeLogs Logs { get; }
    public FakeScheduler Scheduler { get; }
    public StepDependencies Dependencies { get; }
}
