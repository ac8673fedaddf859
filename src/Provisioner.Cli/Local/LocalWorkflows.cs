using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Runtime;
using Provisioner.Functions.Steps;
using Provisioner.LocalCloud.Time;
using Provisioner.StateMachine;
using Provisioner.StateMachine.Engine;
using Provisioner.StateMachine.Storage;

namespace Provisioner.Cli.Local;

/// <summary>
/// The provision, teardown and log-export state machines (statemachine/*.asl.json, as deployed) on the durable local engine
/// (<see cref="StateMachineEngine"/>), with the step handlers in process. Definition substitutions map every
/// function ARN to its handler, exactly as the SAM template maps them to the Lambda functions; a handler fails
/// the way a Lambda function fails under Step Functions (Error = errorType, Cause = Lambda's error document).
/// The rollback's <c>states:startExecution.sync:2</c> is the engine's own, so a child execution is an execution
/// like any other (listed, described, resumed after a crash). The teardown's hand-over of the log group
/// (<c>arn:aws:states:::states:startExecution</c>, no wait) starts the log-export worker on the same engine.
/// </summary>
public sealed partial class LocalWorkflows : ITaskInvoker, IAsyncDisposable
{
    public const string Account = "123456789012";

    /// <summary>The Step Functions integration that starts an execution and does not wait for it (Step Functions' request-response pattern).</summary>
    public const string StartExecution = "arn:aws:states:::states:startExecution";

    private static readonly string[] Names = ["provision", "teardown", "log-export"];

    private readonly Dictionary<string, IFunctionHandler> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _definitions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _invocations = new(StringComparer.Ordinal);
    private readonly string _region;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _functionTimeout;
    private StateMachineEngine? _engine;

    private LocalWorkflows(IEnumerable<IFunctionHandler> handlers, string region, TimeProvider clock, TimeSpan functionTimeout)
    {
        _region = region;
        _clock = clock;
        _functionTimeout = functionTimeout;
        var substitutions = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TeardownStateMachineArn"] = StateMachineArn("teardown"),
            ["LogExportStateMachineArn"] = StateMachineArn("log-export"),
        };
        foreach (var handler in handlers)
        {
            // "CreateAmi.Run" is the function the template calls CreateAmiRunFunction.
            var function = handler.Name.Replace(".", "", StringComparison.Ordinal);
            var arn = $"arn:aws:lambda:{region}:{Account}:function:provisioner-{function}";
            substitutions[function + "FunctionArn"] = arn;
            _functions[arn] = handler;
        }
        foreach (var name in Names)
        {
            _definitions[name] = Substitute(ReadDefinition(name), substitutions);
        }
    }

    /// <summary>The engine the workflows run on (its Step Functions API can be hosted over it).</summary>
    public StateMachineEngine Engine => _engine ?? throw new InvalidOperationException("The workflows are not started.");

    public string ProvisionArn => StateMachineArn("provision");

    public string TeardownArn => StateMachineArn("teardown");

    /// <summary>The log-export worker (what the export schedules and the teardown's hand-over start).</summary>
    public string LogExportArn => StateMachineArn("log-export");

    /// <summary>Every execution's start and end (the rollback's teardown included), as the engine reports them.</summary>
    public event Action<ExecutionRecord>? ExecutionStatusChanged;

    /// <summary>
    /// Starts the engine on <paramref name="clock"/> (in memory, or durable in <paramref name="databasePath"/>) and
    /// registers the state machines. A restarted engine resumes what was running.
    /// </summary>
    /// <param name="functionTimeout">Each function's Lambda timeout (default: template.yaml's, <see cref="StepSettings.DefaultFunctionTimeout"/>).</param>
    public static async Task<LocalWorkflows> StartAsync(IEnumerable<IFunctionHandler> handlers, TimeProvider clock, string region,
        string? databasePath = null, Func<ExecutionRecord, CancellationToken, Task>? statusChanged = null, TimeSpan? functionTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(clock);
        var workflows = new LocalWorkflows(handlers, region, clock, functionTimeout ?? StepSettings.DefaultFunctionTimeout);
        workflows._engine = await StateMachineEngine.StartAsync(new StateMachineEngineOptions
        {
            Time = clock,
            Region = region,
            AccountId = Account,
            DatabasePath = databasePath,
            StatusChanged = async (record, ct) =>
            {
                workflows.ExecutionStatusChanged?.Invoke(record);
                if (statusChanged is not null)
                {
                    await statusChanged(record, ct).ConfigureAwait(false);
                }
            },
        }, workflows).ConfigureAwait(false);
        foreach (var (name, definition) in workflows._definitions)
        {
            var existing = (await workflows._engine.ListStateMachinesAsync().ConfigureAwait(false)).FirstOrDefault(m => m.Name == "provisioner-" + name);
            if (existing is null)
            {
                await workflows._engine.CreateStateMachineAsync("provisioner-" + name, definition, RoleArn(name)).ConfigureAwait(false);
            }
            else if (existing.Definition != definition)
            {
                // A data folder from an older build: new executions get today's definition, running ones keep theirs.
                await workflows._engine.UpdateStateMachineAsync(existing.Arn, definition, null).ConfigureAwait(false);
            }
        }
        return workflows;
    }

    /// <summary>Runs a state machine to its end with <c>{"spec": spec}</c> as input; returns its outcome and history.</summary>
    /// <param name="onStarted">Called once the execution exists (it holds the clock from then on).</param>
    public async Task<ExecutionTrace> RunAsync(string stateMachineArn, JsonNode spec, CancellationToken cancellationToken, string? name = null, Action? onStarted = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var input = new JsonObject { ["spec"] = spec.DeepClone() };
        var started = await Engine.StartExecutionAsync(stateMachineArn, name, input.ToJsonString()).ConfigureAwait(false);
        onStarted?.Invoke();
        ExecutionRecord final;
        try
        {
            final = await Engine.WaitForExecutionAsync(started.Arn, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Engine.StopExecutionAsync(started.Arn, "Provisioner.Canceled", "The local run was canceled.").ConfigureAwait(false);
            throw;
        }
        var history = await Engine.GetExecutionHistoryAsync(started.Arn).ConfigureAwait(false);
        return new ExecutionTrace(new ExecutionResult(final.Status, final.Output, final.Error, final.Cause), history);
    }

    /// <summary>
    /// Waits until no log-export execution runs (a teardown hands its log group to the worker and does not wait:
    /// whoever inspects what is left after a teardown waits here first). Executions started meanwhile are waited
    /// for too; the clock must be running (or virtual) for them to finish.
    /// </summary>
    public async Task WaitForLogExportsAsync(CancellationToken cancellationToken)
    {
        while ((await Engine.ListExecutionsAsync(LogExportArn, "RUNNING").ConfigureAwait(false)) is { Count: > 0 } running)
        {
            foreach (var execution in running)
            {
                await Engine.WaitForExecutionAsync(execution.Arn, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<JsonNode?> InvokeAsync(string resource, JsonNode? input, CancellationToken cancellationToken)
    {
        if (resource == StartExecution)
        {
            return await StartExecutionAsync(input).ConfigureAwait(false);
        }
        if (!_functions.TryGetValue(resource, out var handler))
        {
            throw new TaskFailedException("States.Runtime", $"No local function for resource '{resource}'.");
        }
        // Latency draws follow the work (the n-th invocation of a handler), not the ids moto makes up.
        LatencyScope.Enter($"{handler.Name}#{_invocations.AddOrUpdate(handler.Name, 1, static (_, n) => n + 1)}");
        // As Lambda does (and the bootstrap, which cancels the handler just before Lambda's deadline): an invocation
        // ends at its function's timeout, so a function cannot outlive it and create after a teardown passed it.
        // On the clock a watchdog: it waits for nothing and fires when the invocation's time is up.
        using var deadline = new CancellationTokenSource(_functionTimeout - LambdaBootstrap.DeadlineMargin, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await handler.InvokeAsync(input, linked.Token).ConfigureAwait(false);
        }
        catch (TaskFailedException)
        {
            throw; // already what Step Functions sees (a handler that reports a runtime failure itself)
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var error = LambdaErrors.From(LambdaBootstrap.DeadlineReached(handler.Name, ex));
            throw new TaskFailedException(error.ErrorType, JsonSerializer.Serialize(error, LocalJsonContext.Default.LambdaErrorObject));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // What Step Functions sees when a Lambda function fails: errorType as Error, the error document as Cause.
            var error = LambdaErrors.From(ex);
            throw new TaskFailedException(error.ErrorType, JsonSerializer.Serialize(error, LocalJsonContext.Default.LambdaErrorObject));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>states:startExecution</c> as Step Functions runs it: the parameters StateMachineArn, Name and Input (a
    /// string or JSON), the answer ExecutionArn and StartDate, the API's errors as <c>StepFunctions.&lt;Code&gt;Exception</c>.
    /// </summary>
    private async Task<JsonNode?> StartExecutionAsync(JsonNode? parameters)
    {
        if (parameters is not JsonObject request || request["StateMachineArn"] is not JsonValue arn || arn.GetValueKind() != JsonValueKind.String)
        {
            throw new TaskFailedException("States.Runtime", "startExecution parameters need a string StateMachineArn.");
        }
        var input = request["Input"] switch
        {
            null => "{}",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            var node => node.ToJsonString(),
        };
        try
        {
            var started = await Engine.StartExecutionAsync(arn.GetValue<string>(), request["Name"]?.GetValue<string>(), input).ConfigureAwait(false);
            return new JsonObject { ["ExecutionArn"] = started.Arn, ["StartDate"] = started.StartDate.ToUnixTimeMilliseconds() };
        }
        catch (StepFunctionsException ex)
        {
            throw new TaskFailedException($"StepFunctions.{ex.ErrorCode}Exception", ex.Message);
        }
    }

    private static string RoleArn(string name) => $"arn:aws:iam::{Account}:role/provisioner-{name}-role";

    private string StateMachineArn(string name) => $"arn:aws:states:{_region}:{Account}:stateMachine:provisioner-{name}";

    private static string ReadDefinition(string name)
    {
        var resource = $"statemachine/{name}.asl.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is not embedded in the CLI.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Replaces every <c>${Name}</c>; a placeholder without a value is a packaging bug, so it throws.</summary>
    private static string Substitute(string definition, Dictionary<string, string> values) =>
        Placeholder().Replace(definition, m => values.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw new InvalidOperationException($"The definition needs ${{{m.Groups[1].Value}}}, which nothing provides."));

    [GeneratedRegex(@"\$\{([A-Za-z0-9]+)\}")]
    private static partial Regex Placeholder();
}

[System.Text.Json.Serialization.JsonSerializable(typeof(LambdaErrorObject))]
internal sealed partial class LocalJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
