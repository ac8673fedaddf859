using Provisioner.Core.Spec;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions.Tests.Steps;

/// <summary>Specs and settings for the step tests: the lab's environment, and edits of it.</summary>
internal static class TestSpecs
{
    public const string EnvironmentId = "shop-dev";

    public static StepSettings Settings { get; } = new()
    {
        InstanceProfileName = "prov-app-instance",
        LogExportStateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:prov-log-export",
        SchedulerRoleArn = "arn:aws:iam::123456789012:role/prov-scheduler",
        LogExportBucket = "prov-log-exports",
        ScheduleGroupName = "prov-schedules",
    };

    /// <summary>A validated-looking spec baking from <paramref name="instanceId"/> in the given network.</summary>
    public static EnvironmentSpec Spec(string vpcId = "vpc-1", IReadOnlyList<string>? subnetIds = null, string instanceId = "i-0abc12345def67890", string environmentId = EnvironmentId) => new()
    {
        EnvironmentId = environmentId,
        Source = new SourceSpec { InstanceId = instanceId },
        Network = new NetworkSpec { VpcId = vpcId, SubnetIds = subnetIds ?? ["subnet-a", "subnet-b"] },
        Launch = new LaunchSpec { UserData = "#!/bin/bash\necho app\n", Tags = new Dictionary<string, string> { ["team"] = "shop" } },
        Alarms = new AlarmsSpec { NotifyEmails = ["ops@example.com"] },
    };

    public static EnvironmentSpec WithAmi(this EnvironmentSpec spec, string amiId) => spec with { Source = new SourceSpec { AmiId = amiId } };

    public static EnvironmentSpec WithHttps(this EnvironmentSpec spec, HttpsSpec? https, bool redirect = true) =>
        spec with { LoadBalancer = spec.LoadBalancer with { Https = https, RedirectHttpToHttps = redirect } };

    public static StepInput Input(this EnvironmentSpec spec) => new(spec);

    /// <summary>An Undo's input for the spec (its id and generation; a teardown reads nothing else).</summary>
    public static UndoInput UndoInput(this EnvironmentSpec spec) => new(new UndoTarget(spec.EnvironmentId, spec.Generation, new UndoLoadBalancer(new UndoHttps(spec.LoadBalancer.Https?.CertificateArn))));
}
