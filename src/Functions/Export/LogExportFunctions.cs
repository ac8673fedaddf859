using System.Text.Json.Serialization.Metadata;
using Amazon.DynamoDBv2;
using Provisioner.Aws.CloudWatchLogs;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions.Export;

/// <summary>
/// The log-export worker's handlers by the names its functions' Handler setting and the local engine use
/// (<c>LogExport.Enqueue</c>, <c>.Acquire</c>, <c>.Start</c>, <c>.Check</c>, <c>.Release</c>); AWS failures leave
/// them as the step errors the state machine retries (<see cref="StepErrorMap"/>).
/// </summary>
public static class LogExportFunctions
{
    public const string Prefix = "LogExport.";
    public const string Enqueue = Prefix + "Enqueue";
    public const string Acquire = Prefix + "Acquire";
    public const string Start = Prefix + "Start";
    public const string Check = Prefix + "Check";
    public const string Release = Prefix + "Release";

    /// <summary>Every handler name, for the handler table's and the template's contract.</summary>
    public static IReadOnlyList<string> Names { get; } = [Enqueue, Acquire, Start, Check, Release];

    /// <summary>The handlers of a Lambda function: the worker is built on first use, so a function without its settings fails only when it is invoked.</summary>
    public static IEnumerable<IFunctionHandler> Handlers(Func<string, string?> environment, IAmazonDynamoDB dynamoDb, ICloudWatchLogsClient logs, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Handlers(new Lazy<LogExportWorker>(() =>
        {
            var settings = LogExportSettings.FromEnvironment(environment) ?? throw new InvalidOperationException(
                $"The log-export worker needs {LogExportSettings.TableVariable} and {LogExportSettings.BucketVariable} set on the function.");
            return new LogExportWorker(new LogExportTable(dynamoDb, settings.TableName), logs, settings, time);
        }));
    }

    public static IEnumerable<IFunctionHandler> Handlers(LogExportWorker worker) => Handlers(new Lazy<LogExportWorker>(worker));

    public static IEnumerable<IFunctionHandler> Handlers(Lazy<LogExportWorker> worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var json = LogExportJsonContext.Default;
        return
        [
            Handler(Enqueue, json.EnqueueInput, json.AcquireOutput, (input, ct) => worker.Value.EnqueueAsync(input, ct)),
            Handler(Acquire, json.HolderInput, json.AcquireOutput, (input, ct) => worker.Value.AcquireAsync(input, ct)),
            Handler(Start, json.HolderInput, json.StartOutput, (input, ct) => worker.Value.StartAsync(input, ct)),
            Handler(Check, json.CheckInput, json.CheckOutput, (input, ct) => worker.Value.CheckAsync(input, ct)),
            Handler(Release, json.HolderInput, json.ReleaseOutput, (input, ct) => worker.Value.ReleaseAsync(input, ct)),
        ];
    }

    private static FunctionHandler<TInput, TOutput> Handler<TInput, TOutput>(
        string name, JsonTypeInfo<TInput> input, JsonTypeInfo<TOutput> output, Func<TInput, CancellationToken, Task<TOutput>> run) =>
        new(name, input, output, StepErrorMap.Guard(name, run));
}
