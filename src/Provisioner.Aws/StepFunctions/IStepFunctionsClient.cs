namespace Provisioner.Aws.StepFunctions;

/// <summary>
/// AWS Step Functions, AWS JSON 1.0 protocol (<c>X-Amz-Target: AWSStepFunctions.*</c>). The local engine
/// (Provisioner.StateMachine) serves the same API, so this client talks to either.
/// Errors: <see cref="AwsServiceException"/>.
/// </summary>
/// <remarks>
/// Not found: <c>ExecutionDoesNotExist</c>, <c>StateMachineDoesNotExist</c>.
/// StartExecution is idempotent by execution name for Standard workflows: the same name and input while
/// (or within 90 days after) it runs returns the existing execution; a different input gives
/// <c>ExecutionAlreadyExists</c>. CreateStateMachine with an existing name and identical definition/role
/// returns the existing one; otherwise <c>StateMachineAlreadyExists</c>. RedriveExecution of an execution
/// that cannot be redriven: <c>ExecutionNotRedrivable</c>.
/// </remarks>
public interface IStepFunctionsClient
{
    Task<CreateStateMachineResponse> CreateStateMachineAsync(CreateStateMachineRequest request, CancellationToken cancellationToken = default);

    /// <summary>Returns the update date.</summary>
    Task<DateTimeOffset> UpdateStateMachineAsync(UpdateStateMachineRequest request, CancellationToken cancellationToken = default);

    Task<StateMachineDescription> DescribeStateMachineAsync(string stateMachineArn, CancellationToken cancellationToken = default);

    Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default);

    Task<ExecutionDescription> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken = default);

    Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default);

    Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken = default);

    /// <summary>Returns the stop date.</summary>
    Task<DateTimeOffset> StopExecutionAsync(string executionArn, string? error = null, string? cause = null, CancellationToken cancellationToken = default);

    /// <summary>Restarts a failed/timed-out/aborted execution from its failed states; returns the redrive date.</summary>
    Task<DateTimeOffset> RedriveExecutionAsync(string executionArn, string? clientToken = null, CancellationToken cancellationToken = default);
}
