namespace Provisioner.StateMachine.History;

/// <summary>The AWS history event type names the engine emits, and the details member each one uses.</summary>
public static class HistoryEventTypes
{
    public const string ExecutionStarted = nameof(ExecutionStarted);
    public const string ExecutionSucceeded = nameof(ExecutionSucceeded);
    public const string ExecutionFailed = nameof(ExecutionFailed);
    public const string ExecutionTimedOut = nameof(ExecutionTimedOut);
    public const string ExecutionAborted = nameof(ExecutionAborted);
    public const string ExecutionRedriven = nameof(ExecutionRedriven);

    public const string TaskScheduled = nameof(TaskScheduled);
    public const string TaskStarted = nameof(TaskStarted);
    public const string TaskSucceeded = nameof(TaskSucceeded);
    public const string TaskFailed = nameof(TaskFailed);
    public const string TaskTimedOut = nameof(TaskTimedOut);

    public const string LambdaFunctionScheduled = nameof(LambdaFunctionScheduled);
    public const string LambdaFunctionStarted = nameof(LambdaFunctionStarted);
    public const string LambdaFunctionSucceeded = nameof(LambdaFunctionSucceeded);
    public const string LambdaFunctionFailed = nameof(LambdaFunctionFailed);
    public const string LambdaFunctionTimedOut = nameof(LambdaFunctionTimedOut);

    public const string ParallelStateStarted = nameof(ParallelStateStarted);
    public const string ParallelStateSucceeded = nameof(ParallelStateSucceeded);
    public const string ParallelStateFailed = nameof(ParallelStateFailed);
    public const string ParallelStateAborted = nameof(ParallelStateAborted);

    public const string MapStateStarted = nameof(MapStateStarted);
    public const string MapStateSucceeded = nameof(MapStateSucceeded);
    public const string MapStateFailed = nameof(MapStateFailed);
    public const string MapStateAborted = nameof(MapStateAborted);
    public const string MapIterationStarted = nameof(MapIterationStarted);
    public const string MapIterationSucceeded = nameof(MapIterationSucceeded);
    public const string MapIterationFailed = nameof(MapIterationFailed);
    public const string MapIterationAborted = nameof(MapIterationAborted);

    /// <summary>Engine-only: a retry was decided and when it is due (with jitter already applied).</summary>
    public const string RetryScheduled = "$RetryScheduled";

    public static string Entered(string stateType) => stateType + "StateEntered";

    public static string Exited(string stateType) => stateType + "StateExited";

    public static string Aborted(string stateType) => stateType + "StateAborted";

    /// <summary>The HistoryEvent member that carries this type's details, or null if it has none.</summary>
    public static string? DetailsMember(string type) => type switch
    {
        _ when type.EndsWith("StateEntered", StringComparison.Ordinal) => "stateEnteredEventDetails",
        _ when type.EndsWith("StateExited", StringComparison.Ordinal) => "stateExitedEventDetails",
        ExecutionStarted => "executionStartedEventDetails",
        ExecutionSucceeded => "executionSucceededEventDetails",
        ExecutionFailed => "executionFailedEventDetails",
        ExecutionTimedOut => "executionTimedOutEventDetails",
        ExecutionAborted => "executionAbortedEventDetails",
        ExecutionRedriven => "executionRedrivenEventDetails",
        TaskScheduled => "taskScheduledEventDetails",
        TaskStarted => "taskStartedEventDetails",
        TaskSucceeded => "taskSucceededEventDetails",
        TaskFailed => "taskFailedEventDetails",
        TaskTimedOut => "taskTimedOutEventDetails",
        LambdaFunctionScheduled => "lambdaFunctionScheduledEventDetails",
        LambdaFunctionSucceeded => "lambdaFunctionSucceededEventDetails",
        LambdaFunctionFailed => "lambdaFunctionFailedEventDetails",
        LambdaFunctionTimedOut => "lambdaFunctionTimedOutEventDetails",
        MapStateStarted => "mapStateStartedEventDetails",
        MapIterationStarted => "mapIterationStartedEventDetails",
        MapIterationSucceeded => "mapIterationSucceededEventDetails",
        MapIterationFailed => "mapIterationFailedEventDetails",
        MapIterationAborted => "mapIterationAbortedEventDetails",
        _ => null,
    };
}
