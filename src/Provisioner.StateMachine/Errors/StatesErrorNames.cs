namespace Provisioner.StateMachine.Errors;

/// <summary>The closed set of predefined <c>States.*</c> error names, spelled as AWS raises them.</summary>
public static class StatesErrorNames
{
    public const string All = "States.ALL";
    public const string DataLimitExceeded = "States.DataLimitExceeded";
    public const string ExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold";
    public const string HeartbeatTimeout = "States.HeartbeatTimeout";
    public const string IntrinsicFailure = "States.IntrinsicFailure";
    public const string ItemReaderFailed = "States.ItemReaderFailed";
    public const string NoChoiceMatched = "States.NoChoiceMatched";
    public const string ParameterPathFailure = "States.ParameterPathFailure";
    public const string Permissions = "States.Permissions";
    public const string ResultPathMatchFailure = "States.ResultPathMatchFailure";
    public const string ResultWriterFailed = "States.ResultWriterFailed";
    public const string Runtime = "States.Runtime";
    public const string TaskFailed = "States.TaskFailed";
    public const string Timeout = "States.Timeout";
    public const string BranchFailed = "States.BranchFailed";
    public const string QueryEvaluationError = "States.QueryEvaluationError";

    /// <summary>Every predefined name; a user error name may not start with "States." unless it is one of these.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        All, DataLimitExceeded, ExceedToleratedFailureThreshold, HeartbeatTimeout, IntrinsicFailure,
        ItemReaderFailed, NoChoiceMatched, ParameterPathFailure, Permissions, ResultPathMatchFailure,
        ResultWriterFailed, Runtime, TaskFailed, Timeout, BranchFailed, QueryEvaluationError,
    };

    /// <summary>
    /// States.ALL matches every error except the terminal ones AWS documents as uncatchable by the
    /// wildcard (States.Runtime and States.DataLimitExceeded); those match only when named.
    /// States.TaskFailed is a wildcard too: any error except States.Timeout (and those terminal ones).
    /// </summary>
    public static bool Matches(string pattern, string error) =>
        string.Equals(pattern, error, StringComparison.Ordinal)
        || (pattern == All && error != Runtime && error != DataLimitExceeded)
        || (pattern == TaskFailed && error != Timeout && error != Runtime && error != DataLimitExceeded);
}
