namespace Provisioner.Core.Spec;

public sealed record AlarmsSpec
{
    public int CpuHighPercent { get; init; } = 60;
    public int EvaluationPeriods { get; init; } = 2;
    public IReadOnlyList<string> NotifyEmails { get; init; } = [];
}
