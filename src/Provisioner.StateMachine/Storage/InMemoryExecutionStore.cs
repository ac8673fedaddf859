using System.Collections.Concurrent;

using Provisioner.StateMachine.History;

namespace Provisioner.StateMachine.Storage;

/// <summary>A store that forgets everything when the process ends: the non-durable engine and the benchmark's baseline.</summary>
internal sealed class InMemoryExecutionStore : IExecutionStore
{
    private readonly ConcurrentDictionary<string, StateMachineRecord> _stateMachines = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ExecutionRecord> _executions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<HistoryEvent>> _histories = new(StringComparer.Ordinal);

    public Task Append(string executionArn, IReadOnlyList<HistoryEvent> events)
    {
        var list = _histories.GetOrAdd(executionArn, _ => []);
        lock (list)
        {
            list.AddRange(events);
        }

        return Task.CompletedTask;
    }

    public Task SaveStateMachineAsync(StateMachineRecord stateMachine)
    {
        _stateMachines[stateMachine.Arn] = stateMachine;
        return Task.CompletedTask;
    }

    public Task SaveExecutionAsync(ExecutionRecord execution)
    {
        _executions[execution.Arn] = execution;
        return Task.CompletedTask;
    }

    public Task<StateMachineRecord?> GetStateMachineAsync(string arn) =>
        Task.FromResult(_stateMachines.TryGetValue(arn, out var sm) ? sm : null);

    public Task<IReadOnlyList<StateMachineRecord>> ListStateMachinesAsync() =>
        Task.FromResult<IReadOnlyList<StateMachineRecord>>(_stateMachines.Values.OrderBy(s => s.CreationDate).ToList());

    public Task<ExecutionRecord?> GetExecutionAsync(string arn) =>
        Task.FromResult(_executions.TryGetValue(arn, out var e) ? e : null);

    public Task<IReadOnlyList<ExecutionRecord>> ListExecutionsAsync(string? stateMachineArn, string? status) =>
        Task.FromResult<IReadOnlyList<ExecutionRecord>>(_executions.Values
            .Where(e => (stateMachineArn is null || e.StateMachineArn == stateMachineArn) && (status is null || e.Status == status))
            .OrderByDescending(e => e.StartDate).ToList());

    public Task<IReadOnlyList<HistoryEvent>> GetHistoryAsync(string executionArn)
    {
        if (!_histories.TryGetValue(executionArn, out var list))
        {
            return Task.FromResult<IReadOnlyList<HistoryEvent>>([]);
        }

        lock (list)
        {
            return Task.FromResult<IReadOnlyList<HistoryEvent>>([.. list]);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
