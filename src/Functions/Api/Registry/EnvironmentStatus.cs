namespace Provisioner.Functions.Api.Registry;

/// <summary>
/// The registry's closed status set. It will grow (SLEEPING, SCHEDULED), so callers switch on the
/// constants and treat anything else as an unknown status rather than assuming this list is final.
/// </summary>
public static class EnvironmentStatus
{
    public const string Creating = "CREATING";
    public const string Ready = "READY";
    /// <summary>Rolled back: nothing of it is left.</summary>
    public const string Failed = "FAILED";
    public const string RollbackFailed = "ROLLBACK_FAILED";
    public const string Deleting = "DELETING";
    public const string Deleted = "DELETED";
    public const string DeleteFailed = "DELETE_FAILED";
    /// <summary>Office hours: the Auto Scaling group is at 0 and alarm actions are disabled.</summary>
    public const string Sleeping = "SLEEPING";
    /// <summary>Office hours: the group is restored; READY once its new instances are healthy targets.</summary>
    public const string Waking = "WAKING";
    /// <summary>Requested for later (<c>startAt</c>): registered and counted, its provision not started yet.</summary>
    public const string Scheduled = "SCHEDULED";

    public static IReadOnlyList<string> All { get; } =
        [Creating, Ready, Failed, RollbackFailed, Deleting, Deleted, DeleteFailed, Sleeping, Waking, Scheduled];

    public static bool IsKnown(string status) => All.Contains(status, StringComparer.Ordinal);

    /// <summary>Counts against the owner's quotas: everything but DELETED and FAILED (nothing of those is left).</summary>
    public static bool IsActive(string status) => status is not (Deleted or Failed);

    /// <summary>An execution of this environment may be running.</summary>
    public static bool IsBusy(string status) => status is Creating or Deleting;
}
