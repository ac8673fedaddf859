namespace Provisioner.Core.Steps;

/// <summary>
/// The error names a step reports to the workflow (Lambda's <c>errorType</c>, which Step Functions
/// turns into the task's <c>Error</c>). The state machines retry and catch by these names, so they
/// are part of the contract between the step code and statemachine/*.asl.json.
/// </summary>
public static class StepErrors
{
    /// <summary>A 5xx, a transport failure or a timeout that outlasted the client's own retries: retry the task later.</summary>
    public const string Transient = "Provisioner.Transient";

    /// <summary>
    /// Throttling that outlasted the client's own retries: retry the task for much longer than a transient failure,
    /// because an account-wide rate limit drains at its own pace (CreateLoadBalancer: 0.2 per second) however many
    /// environments wait on it; given up on, a throttled step would fail an environment that only had to queue.
    /// </summary>
    public const string Throttled = "Provisioner.Throttled";

    /// <summary>AWS refused the request for a reason retrying will not fix (validation, limits, permissions): roll back.</summary>
    public const string Rejected = "Provisioner.Rejected";

    /// <summary>A resource reached a failed state (an AMI in <c>failed</c>, instances that never become healthy).</summary>
    public const string ResourceFailed = "Provisioner.ResourceFailed";

    /// <summary>The input the step received is not what the contract says (a bug in the state machine, never user input).</summary>
    public const string BadInput = "Provisioner.BadInput";

    /// <summary>
    /// The environment spec breaks a rule (ValidateSpec, before anything is made): the cause lists every
    /// error as <c>pointer: message</c>. The workflow ends without creating or rolling back anything.
    /// </summary>
    public const string InvalidSpec = "Provisioner.InvalidSpec";

    /// <summary>
    /// A provision found a resource of its environment made by another generation (a live environment, an
    /// older submission) or another deployment: it ends at once, changing nothing, and no rollback runs.
    /// </summary>
    public const string EnvironmentExists = "Provisioner.EnvironmentExists";

    /// <summary>
    /// A provision found its environment's log group still held by an older generation whose teardown handed it to
    /// the log-export worker (the final export deletes it once the tail is exported): retry until it is gone.
    /// </summary>
    public const string LogGroupHandOver = "Provisioner.LogGroupHandOver";

    /// <summary>The rollback could not remove everything; the cause lists what is left.</summary>
    public const string RollbackFailed = "RollbackFailed";

    public static IReadOnlyList<string> All { get; } = [Transient, Throttled, Rejected, ResourceFailed, BadInput, InvalidSpec, EnvironmentExists, LogGroupHandOver, RollbackFailed];
}
