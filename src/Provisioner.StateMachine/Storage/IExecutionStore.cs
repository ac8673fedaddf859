using Provisioner.StateMachine.History;

namespace Provisioner.StateMachine.Storage;

/// <summary>
/// Where state machines, executions and their histories live. Writes are applied in the order
/// they are made (an execution's status never overtakes its events); each returned task
/// completes once the write is durable.
/// </summary>
internal interface IExecutionStore : IHistorySink, IAsyncDisposable
{
    Task SaveStateMachineAsync(StateMachineRecord stateMachine);

    Task SaveExecutionAsync(ExecutionRecord execution);

    Task<StateMachineRecord?> GetStateMachineAsync(string arn);

    Task<IReadOnlyList<StateMachineRecord>> ListStateMachinesAsync();

    Task<ExecutionRecord?> GetExecutionAsync(string arn);

    /// <summary>Newest first, as ListExecutions orders them.</summary>
    Task<IReadOnlyList<ExecutionRecord>> ListExecutionsAsync(string? stateMachineArn, string? status);

    Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string executionArn);
}
