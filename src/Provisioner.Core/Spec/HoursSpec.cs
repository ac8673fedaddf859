namespace Provisioner.Core.Spec;

/// <summary>
/// Office hours: at <see cref="Sleep"/> the environment's Auto Scaling group is scaled to 0, at <see cref="Wake"/>
/// it is restored to the spec's scaling. Both are EventBridge Scheduler <c>cron(...)</c> expressions evaluated
/// in <see cref="Timezone"/>, an IANA time zone.
/// </summary>
public sealed record HoursSpec
{
    public required string Sleep { get; init; }
    public required string Wake { get; init; }
    public required string Timezone { get; init; }
}
