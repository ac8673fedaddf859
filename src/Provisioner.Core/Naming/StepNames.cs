namespace Provisioner.Core.Naming;

/// <summary>The nine provisioning steps, by the names the design card fixed, in chain order.</summary>
public static class StepNames
{
    public const string CreateAmi = nameof(CreateAmi);
    public const string WaitAvailable = nameof(WaitAvailable);
    public const string CreateTargetGroup = nameof(CreateTargetGroup);
    public const string CreateAlb = nameof(CreateAlb);
    public const string AttachCert = nameof(AttachCert);
    public const string CreateLaunchTemplate = nameof(CreateLaunchTemplate);
    public const string CreateAsg = nameof(CreateAsg);
    public const string CreateAlarms = nameof(CreateAlarms);
    public const string ScheduleLogExport = nameof(ScheduleLogExport);

    public static IReadOnlyList<string> All { get; } =
    [
        CreateAmi, WaitAvailable, CreateTargetGroup, CreateAlb, AttachCert,
        CreateLaunchTemplate, CreateAsg, CreateAlarms, ScheduleLogExport,
    ];
}
