namespace Provisioner.StateMachine;

/// <summary>The closed set of execution statuses, spelled as the Step Functions API spells them.</summary>
public static class ExecutionStatus
{
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string TimedOut = "TIMED_OUT";
    public const string Aborted = "ABORTED";

    public static bool IsTerminal(string status) => status is Succeeded or Failed or TimedOut or Aborted;
}
