using Provisioner.Aws.StepFunctions;
using Provisioner.Functions.Api.Workflows;

namespace Provisioner.Functions.Tests.Api.Fakes;

/// <summary>Records every start and stop; StartExecution is idempotent by name as Step Functions' is.</summary>
internal sealed class RecordingWorkflows : IWorkflows
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Kind, string Input)> _executions = new(StringComparer.Ordinal);

    public List<string> Starts { get; } = [];

    public List<string> Stops { get; } = [];

    /// <summary>Histories a test gives executions, by ARN.</summary>
    public Dictionary<string, List<HistoryEvent>> Histories { get; } = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Executions
    {
        get
        {
            lock (_lock)
            {
                return [.. _executions.Keys];
            }
        }
    }

    public string ExecutionArn(string kind, string name) => $"arn:aws:states:us-east-1:123456789012:execution:{kind}:{name}";

    public Task<string> StartAsync(string kind, string name, string input, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Starts.Add(name);
            if (_executions.TryGetValue(name, out var existing) && existing.Input != input)
            {
                throw new InvalidOperationException($"ExecutionAlreadyExists: {name} with another input");
            }
            _executions[name] = (kind, input);
        }
        return Task.FromResult(ExecutionArn(kind, name));
    }

    public string InputOf(string name)
    {
        lock (_lock)
        {
            return _executions[name].Input;
        }
    }

    public void Forget(string name)
    {
        lock (_lock)
        {
            _executions.Remove(name);
        }
    }

    public Task<ExecutionDescription?> DescribeAsync(string executionArn, CancellationToken cancellationToken)
    {
        var name = executionArn[(executionArn.LastIndexOf(':') + 1)..];
        lock (_lock)
        {
            return Task.FromResult(_executions.ContainsKey(name)
                ? new ExecutionDescription(executionArn, "sm", name, ExecutionStatus.Running, DateTimeOffset.UnixEpoch, null, null, null, null, null, null, null)
                : null);
        }
    }

    public Task StopAsync(string executionArn, string error, string cause, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Stops.Add(executionArn);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string executionArn, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<HistoryEvent>>(Histories.TryGetValue(executionArn, out var events) ? events : []);
}
