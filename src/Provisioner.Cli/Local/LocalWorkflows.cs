using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Runtime;
using Provisioner.StateMachine;

namespace Provisioner.Cli.Local;

/// <summary>
/// The provision and teardown state machines (statemachine/*.asl.json, as deployed) running on the local
/// engine with the step handlers in process. Definition substitutions map every function ARN to its handler,
/// exactly as the SAM template maps them to the Lambda functions; a handler fails the way a Lambda function
/// fails under Step Functions (Error = errorType, Cause = Lambda's error document).
/// </summary>
public sealed partial class LocalWorkflows : ITaskInvoker
{
    public const string Account = "123456789012";
    public const string StartExecutionSync = "arn:aws:states:::states:startExecution.sync:2";

    private readonly Dictionary<string, IFunctionHandler> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _definitions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly string _region;

    public LocalWorkflows(IEnumerable<IFunctionHandler> handlers, TimeProvider time, string region)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        _time = time;
        _region = region;
        var substitutions = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TeardownStateMachineArn"] = StateMachineArn("teardown"),
        };
        foreach (var handler in handlers)
        {
            // "CreateAmi.Run" is the function the template calls CreateAmiRunFunction.
            var function = handler.Name.Replace(".", "", StringComparison.Ordinal);
            var arn = $"arn:aws:lambda:{region}:{Account}:function:provisioner-{function}";
            substitutions[function + "FunctionArn"] = arn;
            _functions[arn] = handler;
        }
        foreach (var name in new[] { "provision", "teardown" })
        {
            _definitions[StateMachineArn(name)] = Substitute(ReadDefinition(name), substitutions);
        }
    }

    public string ProvisionArn => StateMachineArn("provision");

    public string TeardownArn => StateMachineArn("teardown");

    /// <summary>Called when a child execution (the rollback's teardown) starts and ends.</summary>
    public event Action<string, ExecutionTrace?>? ChildExecution;

    /// <summary>Runs a state machine to its end with <c>{"spec": spec}</c> as input.</summary>
    public Task<ExecutionTrace> RunAsync(string stateMachineArn, JsonNode spec, CancellationToken cancellationToken)
    {
        var input = new JsonObject { ["spec"] = spec.DeepClone() };
        return AslRunner.RunWithHistoryAsync(_definitions[stateMachineArn], input.ToJsonString(), this, _time, cancellationToken);
    }

    public async Task<JsonNode?> InvokeAsync(string resource, JsonNode? input, CancellationToken cancellationToken)
    {
        if (_functions.TryGetValue(resource, out var handler))
        {
            try
            {
                return await handler.InvokeAsync(input, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // What Step Functions sees when a Lambda function fails: errorType as Error, the error document as Cause.
                var error = LambdaErrors.From(ex);
                throw new TaskFailedException(error.ErrorType, JsonSerializer.Serialize(error, LocalJsonContext.Default.LambdaErrorObject));
            }
        }
        if (resource == StartExecutionSync)
        {
            return await StartChildAsync(input, cancellationToken).ConfigureAwait(false);
        }
        throw new TaskFailedException("States.Runtime", $"No local function or integration for resource '{resource}'.");
    }

    /// <summary>
    /// <c>states:startExecution.sync:2</c>: runs the child to its end; succeeds with the child's description
    /// (Output as JSON), fails with States.TaskFailed and the child's description as the cause, as AWS does.
    /// </summary>
    private async Task<JsonNode?> StartChildAsync(JsonNode? input, CancellationToken cancellationToken)
    {
        var arn = (string?)input?["StateMachineArn"];
        if (arn is null || !_definitions.TryGetValue(arn, out var definition))
        {
            throw new TaskFailedException("StepFunctions.StateMachineDoesNotExistException", $"State Machine Does Not Exist: '{arn}'");
        }
        var childInput = input?["Input"] is JsonValue text && text.TryGetValue<string>(out var s) ? s : input?["Input"]?.ToJsonString() ?? "{}";
        var executionArn = $"arn:aws:states:{_region}:{Account}:execution:{arn[(arn.LastIndexOf(':') + 1)..]}:{Guid.NewGuid()}";
        var started = _time.GetUtcNow();
        ChildExecution?.Invoke(arn, null);
        var trace = await AslRunner.RunWithHistoryAsync(definition, childInput, this, _time, cancellationToken).ConfigureAwait(false);
        ChildExecution?.Invoke(arn, trace);
        var description = new JsonObject
        {
            ["ExecutionArn"] = executionArn,
            ["StateMachineArn"] = arn,
            ["Status"] = trace.Result.Status,
            ["StartDate"] = started.ToUnixTimeMilliseconds() / 1000.0,
            ["StopDate"] = _time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0,
            ["Input"] = childInput,
        };
        if (trace.Result.Status == "SUCCEEDED")
        {
            description["Output"] = trace.Result.OutputJson is null ? null : JsonNode.Parse(trace.Result.OutputJson);
            return description;
        }
        description["Error"] = trace.Result.Error;
        description["Cause"] = trace.Result.Cause;
        throw new TaskFailedException("States.TaskFailed", description.ToJsonString());
    }

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
