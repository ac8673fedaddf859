using System.Text.Json.Nodes;

namespace Provisioner.Deployment.Tests;

/// <summary>
/// Every Task state that invokes one of our functions, in every workflow, retries what Lambda answers when the
/// function did not get to finish (a crashed runtime, throttling, Lambda's own faults) and the step's own
/// transient errors: the same set in provision, teardown and the log-export worker; and each retries throttling
/// for as long as an account-wide rate limit can take to drain.
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

    /// <summary>
    /// What a throttled step must outwait: 300 environments' CreateLoadBalancer calls past AWS's burst of 10, at
    /// its 0.2 per second (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/throttling.html).
    /// </summary>
    private static readonly TimeSpan RateLimitDrain = TimeSpan.FromSeconds((300 - 10) / 0.2);

    [Theory]
    [MemberData(nameof(Workflows))]
    public void EveryFunctionTask_RetriesThrottlingForAsLongAsARateLimitTakesToDrain(string file)
    {
        var definition = JsonNode.Parse(File.ReadAllText(Repository.PathOf(Path.Combine("statemachine", file))))!;

        foreach (var (name, state) in FunctionTasks(definition["States"]!.AsObject()))
        {
            var retrier = (state["Retry"]?.AsArray() ?? []).Select(r => r!.AsObject())
                .SingleOrDefault(r => r["ErrorEquals"]!.AsArray().Any(e => (string?)e == "Provisioner.Throttled"));
            Assert.True(retrier is not null, $"{file} {name}: no retry for Provisioner.Throttled");
            Assert.Equal("FULL", (string?)retrier["JitterStrategy"]); // or every throttled environment retries in lock step
            var expected = ExpectedBackoff(retrier);
            Assert.True(expected >= RateLimitDrain, $"{file} {name}: retries throttling for about {expected.TotalSeconds:0} s, less than the {RateLimitDrain.TotalSeconds:0} s a rate limit may take to drain");
        }
    }

    /// <summary>The retrier's total wait on average: full jitter waits half of each capped delay.</summary>
    private static TimeSpan ExpectedBackoff(JsonObject retrier)
    {
        var interval = (double?)retrier["IntervalSeconds"] ?? 1;
        var rate = (double?)retrier["BackoffRate"] ?? 2;
        var cap = (double?)retrier["MaxDelaySeconds"] ?? double.MaxValue;
        var attempts = (int?)retrier["MaxAttempts"] ?? 3;
        var total = 0.0;
        for (var k = 0; k < attempts; k++)
        {
            total += Math.Min(interval * Math.Pow(rate, k), cap) / 2;
        }
        return TimeSpan.FromSeconds(total);
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
