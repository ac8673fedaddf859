using Provisioner.Aws.StepFunctions;
using Provisioner.Functions.Api.Registry;

namespace Provisioner.Functions.Api.Status;

/// <summary>One row of the (execution kind, outcome) -> registry status table (README shows the same table).</summary>
public sealed record StatusRule(string Kind, string Outcome, string Status, string Reason);

/// <summary>
/// What an execution's end means for its environment. The provision's rollback runs inside the provision
/// execution, so a FAILED provision whose error is <c>RollbackFailed</c> left something behind; any other
/// FAILED provision rolled back completely. A provision that timed out or was stopped never ran its rollback:
/// something may be left, so it is ROLLBACK_FAILED (retry tears it down).
/// </summary>
public static class StatusTable
{
    public const string RollbackFailedError = "RollbackFailed";

    public static IReadOnlyList<StatusRule> Rules { get; } =
    [
        new(ExecutionKind.Provision, ExecutionStatus.Succeeded, EnvironmentStatus.Ready, "provisioned"),
        new(ExecutionKind.Provision, ExecutionStatus.Failed, EnvironmentStatus.Failed, "provisioning failed and was rolled back: nothing is left"),
        new(ExecutionKind.Provision, ExecutionStatus.Failed + "/" + RollbackFailedError, EnvironmentStatus.RollbackFailed, "provisioning failed and the rollback could not remove everything"),
        new(ExecutionKind.Provision, ExecutionStatus.TimedOut, EnvironmentStatus.RollbackFailed, "provisioning timed out before its rollback ran: resources may be left"),
        new(ExecutionKind.Provision, ExecutionStatus.Aborted, EnvironmentStatus.RollbackFailed, "provisioning was stopped before its rollback ran: resources may be left"),
        new(ExecutionKind.Teardown, ExecutionStatus.Succeeded, EnvironmentStatus.Deleted, "deleted: nothing is left"),
        new(ExecutionKind.Teardown, ExecutionStatus.Failed, EnvironmentStatus.DeleteFailed, "the teardown could not remove everything"),
        new(ExecutionKind.Teardown, ExecutionStatus.TimedOut, EnvironmentStatus.DeleteFailed, "the teardown timed out"),
        new(ExecutionKind.Teardown, ExecutionStatus.Aborted, EnvironmentStatus.DeleteFailed, "the teardown was stopped"),
    ];

    /// <summary>The rule for an ended execution; null while it runs (or for a status this table does not know).</summary>
    public static StatusRule? For(string kind, string status, string? error)
    {
        var outcome = kind == ExecutionKind.Provision && status == ExecutionStatus.Failed && error == RollbackFailedError
            ? status + "/" + RollbackFailedError
            : status;
        return Rules.FirstOrDefault(r => r.Kind == kind && r.Outcome == outcome);
    }
}
