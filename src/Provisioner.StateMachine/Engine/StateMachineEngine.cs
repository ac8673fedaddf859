using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

using Provisioner.StateMachine.Definition;
using Provisioner.StateMachine.Execution;
using Provisioner.StateMachine.History;
using Provisioner.StateMachine.Parsing;
using Provisioner.StateMachine.Payload;
using Provisioner.StateMachine.Storage;
using Provisioner.StateMachine.Timing;

namespace Provisioner.StateMachine.Engine;

/// <summary>
/// The durable engine: state machines and executions in a store, every execution's history
/// appended as it runs, and every RUNNING execution resumed from its history when the engine
/// starts. The Step Functions API (<see cref="Api.StepFunctionsApiHost"/>) is a thin layer on this.
/// </summary>
public sealed partial class StateMachineEngine : IAsyncDisposable
{
    private readonly StateMachineEngineOptions _options;
    private readonly IExecutionStore _store;
    private readonly ITaskInvoker _invoker;
    private readonly EngineClock _clock;
    private readonly ConcurrentDictionary<string, RunningExecution> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StateMachineDefinition> _parsed = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private int _disposed;

    private StateMachineEngine(StateMachineEngineOptions options, IExecutionStore store, ITaskInvoker invoker)
    {
        _options = options;
        _store = store;
        _invoker = invoker;
        _clock = new EngineClock(options.Time);
    }

    /// <summary>The engine's time source (the fake clock in tests).</summary>
    public TimeProvider Time => _clock.Time;

    /// <summary>Executions running in this process right now.</summary>
    public int RunningCount => _running.Count;

    /// <summary>Opens the store and resumes every execution that was RUNNING when the last process ended.</summary>
    public static async Task<StateMachineEngine> StartAsync(StateMachineEngineOptions options, ITaskInvoker invoker)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(invoker);
        IExecutionStore store = options.DatabasePath is null ? new InMemoryExecutionStore() : SqliteExecutionStore.Open(options.DatabasePath);
        var engine = new StateMachineEngine(options, store, invoker);
        await engine.ResumeRunningAsync().ConfigureAwait(false);
        return engine;
    }

    public async Task<StateMachineRecord> CreateStateMachineAsync(string name, string definition, string roleArn, string type = "STANDARD")
    {
        Names.Validate(name, "state machine name");
        if (type is not "STANDARD")
        {
            throw new StepFunctionsException("ValidationException", $"Invalid type '{type}': this engine runs STANDARD state machines.");
        }

        Parse(definition);
        var arn = Names.StateMachineArn(_options, name);
        if (await _store.GetStateMachineAsync(arn).ConfigureAwait(false) is { } existing)
        {
            return existing.Definition == definition && existing.RoleArn == roleArn
                ? existing
                : throw new StepFunctionsException("StateMachineAlreadyExists", $"State Machine Already Exists: '{arn}'");
        }

        var record = new StateMachineRecord(arn, name, definition, roleArn, type, _clock.UtcNow, Guid.NewGuid().ToString());
        await _store.SaveStateMachineAsync(record).ConfigureAwait(false);
        return record;
    }

    public async Task<StateMachineRecord> UpdateStateMachineAsync(string arn, string? definition, string? roleArn)
    {
        var existing = await DescribeStateMachineAsync(arn).ConfigureAwait(false);
        if (definition is null && roleArn is null)
        {
            throw new StepFunctionsException("MissingRequiredParameter", "Either the definition or the roleArn must be specified.");
        }

        if (definition is not null)
        {
            Parse(definition);
        }

        var updated = existing with
        {
            Definition = definition ?? existing.Definition,
            RoleArn = roleArn ?? existing.RoleArn,
            RevisionId = Guid.NewGuid().ToString(),
        };
        await _store.SaveStateMachineAsync(updated).ConfigureAwait(false);
        return updated;
    }

    public async Task<StateMachineRecord> DescribeStateMachineAsync(string arn) =>
        await _store.GetStateMachineAsync(arn).ConfigureAwait(false)
        ?? throw new StepFunctionsException("StateMachineDoesNotExist", $"State Machine Does Not Exist: '{arn}'");

    public Task<IReadOnlyList<StateMachineRecord>> ListStateMachinesAsync() => _store.ListStateMachinesAsync();

    /// <summary>
    /// Starts an execution. As on AWS, starting again with the name and input of a RUNNING
    /// execution returns that execution; a closed one, or a different input, is ExecutionAlreadyExists.
    /// </summary>
    public async Task<ExecutionRecord> StartExecutionAsync(string stateMachineArn, string? name, string? input) =>
        (await StartAsync(stateMachineArn, name, input, inheritedHold: null).ConfigureAwait(false)).Record;

    public async Task<ExecutionRecord> DescribeExecutionAsync(string arn) =>
        await _store.GetExecutionAsync(arn).ConfigureAwait(false)
        ?? throw new StepFunctionsException("ExecutionDoesNotExist", $"Execution Does Not Exist: '{arn}'");

    public async Task<IReadOnlyList<ExecutionRecord>> ListExecutionsAsync(string stateMachineArn, string? status)
    {
        await DescribeStateMachineAsync(stateMachineArn).ConfigureAwait(false);
        return await _store.ListExecutionsAsync(stateMachineArn, status).ConfigureAwait(false);
    }

    /// <summary>The history as GetExecutionHistory shows it (engine bookkeeping left out).</summary>
    public async Task<IReadOnlyList<HistoryEvent>> GetExecutionHistoryAsync(string arn)
    {
        await DescribeExecutionAsync(arn).ConfigureAwait(false);
        var events = await _store.GetHistoryAsync(arn).ConfigureAwait(false);
        return events.Where(e => !e.IsInternal).ToList();
    }

    /// <summary>Stops a running execution (ABORTED with the given error and cause); a closed one is left as it is.</summary>
    public async Task<ExecutionRecord> StopExecutionAsync(string arn, string? error, string? cause)
    {
        var record = await DescribeExecutionAsync(arn).ConfigureAwait(false);
        if (_running.TryGetValue(arn, out var running))
        {
            running.Run.Stop(StopReason.Aborted, error, cause);
            return await running.Completion.ConfigureAwait(false);
        }

        return record;
    }

    /// <summary>Waits until the execution is closed (for tests and embedding).</summary>
    public async Task<ExecutionRecord> WaitForExecutionAsync(string arn, CancellationToken cancellationToken = default)
    {
        if (_running.TryGetValue(arn, out var running))
        {
            return await running.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await DescribeExecutionAsync(arn).ConfigureAwait(false);
    }

    /// <summary>
    /// Resumes a FAILED, TIMED_OUT or ABORTED execution from where it stopped: states that
    /// succeeded are not run again; the failed ones run afresh, with their retry counts reset.
    /// </summary>
    public async Task<ExecutionRecord> RedriveExecutionAsync(string arn)
    {
        await _startGate.WaitAsync().ConfigureAwait(false);
        try
        {
            var record = await DescribeExecutionAsync(arn).ConfigureAwait(false);
            if (record.Status is not (ExecutionStatus.Failed or ExecutionStatus.TimedOut or ExecutionStatus.Aborted) || _running.ContainsKey(arn))
            {
                throw new StepFunctionsException("ExecutionNotRedrivable", $"Execution '{arn}' cannot be redriven: its status is {record.Status}.");
            }

            var history = (await _store.GetHistoryAsync(arn).ConfigureAwait(false)).ToList();
            var now = _clock.UtcNow;
            var redriven = new HistoryEvent(history.Count == 0 ? 1 : history[^1].Id + 1, history.Count == 0 ? 0 : history[^1].Id, now,
                HistoryEventTypes.ExecutionRedriven, new JsonObject { ["redriveCount"] = record.RedriveCount + 1 });
            _ = _store.Append(arn, [redriven]);
            history.Add(redriven);
            var updated = record with
            {
                Status = ExecutionStatus.Running,
                Output = null,
                Error = null,
                Cause = null,
                StopDate = null,
                RedriveCount = record.RedriveCount + 1,
                RedriveDate = now,
            };
            await _store.SaveExecutionAsync(updated).ConfigureAwait(false);
            Launch(updated, history, resumed: true, inheritedHold: null);
            return updated;
        }
        finally
        {
            _startGate.Release();
        }
    }

    /// <summary>Leaves running executions RUNNING in the store (a restarted engine resumes them) and closes the store.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var running in _running.Values)
        {
            running.Run.Stop(StopReason.Shutdown);
        }

        foreach (var running in _running.Values)
        {
            try
            {
                await running.Completion.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped for shutdown.
            }
        }

        await _store.DisposeAsync().ConfigureAwait(false);
        _startGate.Dispose();
    }

    private StateMachineDefinition Parse(string definition)
    {
        if (_parsed.TryGetValue(definition, out var parsed))
        {
            return parsed;
        }

        try
        {
            parsed = DefinitionParser.Parse(definition);
        }
        catch (AslDefinitionException e)
        {
            throw new StepFunctionsException("InvalidDefinition", e.Message);
        }

        _parsed[definition] = parsed;
        return parsed;
    }

    private async Task<RunningExecution> StartAsync(string stateMachineArn, string? name, string? input, ClockHold? inheritedHold)
    {
        var stateMachine = await DescribeStateMachineAsync(stateMachineArn).ConfigureAwait(false);
        name ??= Guid.NewGuid().ToString();
        Names.Validate(name, "execution name");
        input ??= "{}";
        JsonNode? inputNode;
        try
        {
            inputNode = JsonNode.Parse(input);
        }
        catch (JsonException e)
        {
            throw new StepFunctionsException("InvalidExecutionInput", $"Invalid execution input: {e.Message}");
        }

        try
        {
            PayloadLimits.Check(input, "execution input");
        }
        catch (Errors.StatesFailureException e)
        {
            throw new StepFunctionsException("InvalidExecutionInput", e.Cause ?? e.Message);
        }

        var arn = Names.ExecutionArn(_options, stateMachine.Name, name);
        await _startGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (await _store.GetExecutionAsync(arn).ConfigureAwait(false) is { } existing)
            {
                var sameInput = JsonNode.DeepEquals(JsonNode.Parse(existing.Input), inputNode);
                if (existing.Status == ExecutionStatus.Running && sameInput && _running.TryGetValue(arn, out var same))
                {
                    return same;
                }

                throw new StepFunctionsException("ExecutionAlreadyExists", $"Execution Already Exists: '{arn}'");
            }

            var record = new ExecutionRecord(arn, stateMachine.Arn, name, ExecutionStatus.Running, input, stateMachine.Definition, _clock.UtcNow);
            await _store.SaveExecutionAsync(record).ConfigureAwait(false);
            return Launch(record, [], resumed: false, inheritedHold);
        }
        finally
        {
            _startGate.Release();
        }
    }

    private async Task ResumeRunningAsync()
    {
        foreach (var record in await _store.ListExecutionsAsync(null, ExecutionStatus.Running).ConfigureAwait(false))
        {
            var history = await _store.GetHistoryAsync(record.Arn).ConfigureAwait(false);
            if (history.Count > 0 && ClosedBy(history[^1]) is { } closed)
            {
                // The process died between the terminal event and the status update.
                var final = closed(record);
                await _store.SaveExecutionAsync(final).ConfigureAwait(false);
                await NotifyAsync(final).ConfigureAwait(false);
                continue;
            }

            Launch(record, history, resumed: history.Count > 0, inheritedHold: null);
        }
    }

    private static Func<ExecutionRecord, ExecutionRecord>? ClosedBy(HistoryEvent last) => last.Type switch
    {
        HistoryEventTypes.ExecutionSucceeded => r => r with { Status = ExecutionStatus.Succeeded, Output = last.Details?["output"]?.GetValue<string>(), StopDate = last.Timestamp },
        HistoryEventTypes.ExecutionFailed => r => r with { Status = ExecutionStatus.Failed, Error = Detail(last, "error"), Cause = Detail(last, "cause"), StopDate = last.Timestamp },
        HistoryEventTypes.ExecutionTimedOut => r => r with { Status = ExecutionStatus.TimedOut, Error = Detail(last, "error"), Cause = Detail(last, "cause"), StopDate = last.Timestamp },
        HistoryEventTypes.ExecutionAborted => r => r with { Status = ExecutionStatus.Aborted, Error = Detail(last, "error"), Cause = Detail(last, "cause"), StopDate = last.Timestamp },
        _ => null,
    };

    private static string? Detail(HistoryEvent e, string field) => e.Details?[field]?.GetValue<string>();

    /// <param name="inheritedHold">A child execution runs on its parent task's hold (so the clock never sees an idle moment between them); null: its own.</param>
    private RunningExecution Launch(ExecutionRecord record, IReadOnlyList<HistoryEvent> prior, bool resumed, ClockHold? inheritedHold)
    {
        var definition = Parse(record.Definition);
        var stateMachineName = Names.StateMachineNameOf(record.StateMachineArn) ?? record.StateMachineArn;
        var identity = new ExecutionIdentity(record.Arn, record.Name, record.StateMachineArn, stateMachineName,
            $"arn:aws:iam::{_options.AccountId}:role/{stateMachineName}-role");
        var started = prior.FirstOrDefault(e => e.Type == HistoryEventTypes.ExecutionStarted)?.Timestamp ?? record.StartDate;
        var journal = new ExecutionJournal(record.Arn, _clock.Time, _store, retain: false, prior);
        var timingStart = record.RedriveDate ?? started;
        var run = new ExecutionRun(identity, JsonNode.Parse(record.Input), started, journal, _clock, _invoker, CancellationToken.None)
        {
            Deadline = definition.TimeoutSeconds is { } seconds ? timingStart.AddSeconds(seconds) : null,
            RedriveCount = record.RedriveCount,
            Region = _options.Region,
            Jitter = _options.Jitter ?? Random.Shared,
            Children = new ChildExecutions(this),
        };
        var hold = inheritedHold ?? _clock.Hold();
        var completion = new TaskCompletionSource<ExecutionRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = new RunningExecution(record, run, completion.Task);
        _running[record.Arn] = running;
        _ = Task.Run(async () =>
        {
            EngineClock.Enter(hold);
            try
            {
                if (!resumed)
                {
                    await NotifyAsync(record).ConfigureAwait(false);
                }

                var result = await ExecutionRunner.RunAsync(run, definition, resumed).ConfigureAwait(false);
                var final = result.Status == ExecutionStatus.Running
                    ? record
                    : record with { Status = result.Status, Output = result.OutputJson, Error = result.Error, Cause = result.Cause, StopDate = _clock.UtcNow };
                if (final != record)
                {
                    await _store.SaveExecutionAsync(final).ConfigureAwait(false);
                    await NotifyAsync(final).ConfigureAwait(false);
                }

                _running.TryRemove(record.Arn, out _);
                completion.TrySetResult(final);
            }
#pragma warning disable CA1031 // An engine fault (e.g. the store failing) is handed to whoever waits on the execution.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _running.TryRemove(record.Arn, out _);
                completion.TrySetException(e);
            }
            finally
            {
                run.Dispose();
                if (inheritedHold is null)
                {
                    hold?.End();
                }
            }
        });
        return running;
    }

    private async Task NotifyAsync(ExecutionRecord record)
    {
        if (_options.StatusChanged is not { } callback)
        {
            return;
        }

        try
        {
            await callback(record, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A listener's failure is the listener's: the execution goes on (EventBridge would retry the delivery).
        catch (Exception e)
#pragma warning restore CA1031
        {
            _options.StatusChangeFailed?.Invoke(record, e);
        }
    }

    private sealed record RunningExecution(ExecutionRecord Record, ExecutionRun Run, Task<ExecutionRecord> Completion);
}
