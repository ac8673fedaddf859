using System.Text.Json.Nodes;

using Provisioner.StateMachine.Tests.Support;

namespace Provisioner.StateMachine.Tests.States;

public sealed class ParallelAndMapTests
{
    [Fact]
    public async Task Parallel_OutputsInBranchOrder_WithResultSelector()
    {
        const string definition = """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","ResultSelector":{"first.$":"$[0]","second.$":"$[1].v"},"End":true,"Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Pass","Result":"a","End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Pass","Parameters":{"v.$":"$.in"},"End":true}}}]}}}
            """;

        var trace = await Asl.Run(definition, """{"in":7}""");

        Assert.True(Asl.JsonEquals("""{"first":"a","second":7}""", trace.Result.OutputJson), trace.Result.OutputJson);
        Assert.Contains("ParallelStateStarted", trace.Types());
        Assert.Contains("ParallelStateSucceeded", trace.Types());
    }

    [Fact]
    public async Task Parallel_BranchFails_StateFailsWithBranchErrorAndCanBeCaught()
    {
        const string definition = """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"Ok","Catch":[{"ErrorEquals":["Boom"],"Next":"Caught"}],"Branches":[
              {"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1000,"End":true}}},
              {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"bad"}}}]},
              "Ok":{"Type":"Succeed"},"Caught":{"Type":"Pass","End":true}}}
            """;

        var trace = await Asl.Run(definition, "{}");

        Assert.True(Asl.JsonEquals("""{"Error":"Boom","Cause":"bad"}""", trace.Result.OutputJson), trace.Result.OutputJson);
        Assert.Contains("ParallelStateFailed", trace.Types());
        // The waiting branch is cancelled: aborted if it had entered its Wait, never finished.
        Assert.Equal(trace.Types().Contains("WaitStateEntered"), trace.Types().Contains("WaitStateAborted"));
        Assert.DoesNotContain("WaitStateExited", trace.Types());
    }

    [Fact]
    public async Task Parallel_BranchFails_SiblingFunctionInFlightRunsOnUncancelled_ItsResultDropped()
    {
        // As on AWS: a failed branch stops the Parallel at once; a function already running in a sibling
        // branch is not stopped (Lambda cannot be), it runs to its end and its result goes nowhere.
        const string definition = """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","Next":"Ok","Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],"Branches":[
              {"StartAt":"Slow","States":{"Slow":{"Type":"Task","Resource":"slow","Next":"After"},"After":{"Type":"Task","Resource":"after","End":true}}},
              {"StartAt":"Fails","States":{"Fails":{"Type":"Task","Resource":"fails","End":true}}}]},
              "Ok":{"Type":"Succeed"},"Caught":{"Type":"Pass","End":true}}}
            """;
        var slowStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowEnded = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = new ScriptedInvoker()
            .OnAsync("slow", async (input, ct) =>
            {
                slowStarted.SetResult();
                await release.Task;
                slowEnded.SetResult(ct.IsCancellationRequested);
                return JsonNode.Parse("""{"made":"listener"}""");
            })
            .OnAsync("fails", async (_, _) =>
            {
                await slowStarted.Task;
                throw new InvalidOperationException("boom");
            })
            .On("after", input => input);

        var trace = await Asl.Run(definition, "{}", tasks);

        Assert.Contains("ParallelStateFailed", trace.Types());
        Assert.Contains("\"Error\":\"InvalidOperationException\"", trace.Result.OutputJson, StringComparison.Ordinal);
        Assert.False(slowEnded.Task.IsCompleted); // the Parallel did not wait for it
        release.SetResult();
        Assert.False(await slowEnded.Task.WaitAsync(TestContext.Current.CancellationToken)); // and nothing cancelled it
        Assert.Equal(0, tasks.CallCount("after"));
        Assert.DoesNotContain(trace.Events, e => e.Type is "TaskSucceeded" or "LambdaFunctionSucceeded");
    }

    [Fact]
    public async Task Map_ItemSelectorWithContext_AndMaxConcurrency()
    {
        const string definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,
              "ItemSelector":{"index.$":"$$.Map.Item.Index","value.$":"$$.Map.Item.Value","tag.$":"$.tag"},
              "ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"T","States":{"T":{"Type":"Task","Resource":"r","End":true}}},
              "ResultPath":"$.results","End":true}}}
            """;
        var running = 0;
        var peak = 0;
        var tasks = new ScriptedInvoker().OnAsync("r", async (input, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            await Task.Yield();
            Interlocked.Decrement(ref running);
            return input;
        });

        var trace = await Asl.Run(definition, """{"items":["a","b","c","d"],"tag":"t"}""", tasks);

        var results = trace.Output()!["results"]!.AsArray();
        Assert.Equal(4, results.Count);
        Assert.True(Asl.JsonEquals("""{"index":2,"value":"c","tag":"t"}""", results[2]!.ToJsonString()));
        Assert.InRange(peak, 1, 2);
        Assert.Equal(4, trace.Types().Count(t => t == "MapIterationSucceeded"));
        Assert.Equal(4, trace.Events.Single(e => e.Type == "MapStateStarted").Details!["length"]!.GetValue<int>());
    }

    [Fact]
    public async Task Map_IterationFails_MapFailsWithItsError()
    {
        const string definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","End":true,
              "Iterator":{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":2,"Next":"F"}],"Default":"S"},
                "F":{"Type":"Fail","Error":"Two"},"S":{"Type":"Succeed"}}}}}}
            """;

        var trace = await Asl.Run(definition, "[1,2,3]");

        Assert.Equal("Two", trace.Result.Error);
        Assert.Contains("MapIterationFailed", trace.Types());
        Assert.Contains("MapStateFailed", trace.Types());
    }

    [Fact]
    public async Task Map_ItemsPathNotArray_FailsWithRuntime()
    {
        const string definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.x","End":true,"ItemProcessor":{"StartAt":"S","States":{"S":{"Type":"Succeed"}}}}}}
            """;

        var result = (await Asl.Run(definition, """{"x":5}""")).Result;

        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task Map_EmptyArray_ReturnsEmptyArray()
    {
        const string definition = """
            {"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"S","States":{"S":{"Type":"Succeed"}}}}}}
            """;

        var result = (await Asl.Run(definition, "[]")).Result;

        Assert.Equal("[]", result.OutputJson);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
