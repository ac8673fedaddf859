using System.Text.Json.Nodes;

namespace Provisioner.Deployment.Tests;

/// <summary>
/// Every Task state that invokes one of our functions, in every workflow, retries what Lambda answers when the
/// function did not get to finish (a crashed runtime, throttling, Lambda's own faults) and the step's own
/// transient errors: the same set in provision, teardown and the log-export worker.
/// </summary>
public sealed class LambdaRetryTests
{
    // https://docs.aws.amazon.com/step-functions/latest/dg/bp-lambda-serviceexception.html; Runtime.ExitError: the process exited (a crash, out of memory).
    private static readonly string[] TransientLambdaErrors =
    [
        "Provisioner.Transient",
        "Lambda.ServiceException",
        "Lambda.AWSLambdaException",
        "Lambda.SdkClientException",
        "Lambda.TooManyRequestsException",
        "Runtime.ExitError",
        "States.Timeout",
    ];

    public static TheoryData<string> Workflows => [.. Repository.StateMachineFiles.Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Workflows))]
    public void EveryFunctionTask_RetriesTheTransientLambdaErrors(string file)
    {
        var definition = JsonNode.Parse(File.ReadAllText(Repository.PathOf(Path.Combine("statemachine", file))))!;
        var tasks = FunctionTasks(definition["States"]!.AsObject()).ToList();
        Assert.NotEmpty(tasks);

        foreach (var (name, state) in tasks)
        {
            var retried = (state["Retry"]?.AsArray() ?? []).SelectMany(r => r!["ErrorEquals"]!.AsArray().Select(e => (string)e!)).ToHashSet(StringComparer.Ordinal);
            var missing = TransientLambdaErrors.Where(e => !retried.Contains(e) && !retried.Contains("States.ALL")).ToList();
            Assert.True(missing.Count == 0, $"{file} {name}: no retry for {string.Join(", ", missing)}");
        }
    }

    /// <summary>Task states whose resource is a function ARN placeholder, in nested Parallel branches and Map processors too.</summary>
    internal static IEnumerable<(string Name, JsonObject State)> FunctionTasks(JsonObject states)
    {
        foreach (var (name, node) in states)
        {
            var state = node!.AsObject();
            if ((string?)state["Type"] == "Task" && ((string?)state["Resource"])?.EndsWith("FunctionArn}", StringComparison.Ordinal) == true)
            {
                yield return (name, state);
            }
            var nested = (state["Branches"]?.AsArray().Select(b => b!["States"]!.AsObject()) ?? [])
                .Concat(state["Iterator"]?["States"] is JsonObject iterator ? [iterator] : [])
                .Concat(state["ItemProcessor"]?["States"] is JsonObject processor ? [processor] : []);
            foreach (var inner in nested.SelectMany(FunctionTasks))
            {
                yield return inner;
            }
        }
    }
}
