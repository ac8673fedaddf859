using System.Text.Json.Nodes;

using Provisioner.StateMachine.Tests.Support;

namespace Provisioner.StateMachine.Tests.Timing;

public sealed class WaitAndTimeoutTests
{
    [Fact]
    public async Task Wait_OneHourOnFakeClock_FinishesAtOnceWithExactElapsedTime()
    {
        const string definition = """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}""";
        var clock = Asl.Clock();

        var trace = await Asl.Run(definition, """{"k":1}""", time: clock);

        Assert.Equal("SUCCEEDED", trace.Result.Status);
        Assert.Equal(Asl.Epoch.AddHours(1), clock.GetUtcNow());
        Assert.Equal(Asl.Epoch.AddHours(1), trace.Events[^1].Timestamp);
        Assert.Equal(["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "ExecutionSucceeded"], trace.Types());
    }

    [Theory]
    [InlineData("\"SecondsPath\":\"$.s\"", """{"s":90}""", 90)]
    [InlineData("\"Timestamp\":\"2025-01-01T00:10:00Z\"", "{}", 600)]
    [InlineData("\"TimestampPath\":\"$.t\"", """{"t":"2025-01-01T02:00:00Z"}""", 7200)]
    [InlineData("\"Timestamp\":\"2024-01-01T00:00:00Z\"", "{}", 0)]
    public async Task Wait_Variants_WaitTheDocumentedTime(string field, string input, int seconds)
    {
        var clock = Asl.Clock();

        var result = (await Asl.Run("""{"StartAt":"W","States":{"W":{"Type":"Wait",""" + field + ""","End":true}}}""", input, time: clock)).Result;

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal(Asl.Epoch.AddSeconds(seconds), clock.GetUtcNow());
    }

    [Fact]
    public async Task Wait_SecondsPathNegative_FailsWithRuntime()
    {
        var result = (await Asl.Run("""{"StartAt":"W","States":{"W":{"Type":"Wait","SecondsPath":"$.s","End":true}}}""", """{"s":-1}""")).Result;

        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task ParallelWaits_RunConcurrentlyInSimulatedTime()
    {
        const string definition = """
            {"StartAt":"P","States":{"P":{"Type":"Parallel","End":true,"Branches":[
              {"StartAt":"A","States":{"A":{"Type":"Wait","Seconds":100,"End":true}}},
              {"StartAt":"B","States":{"B":{"Type":"Wait","Seconds":300,"Next":"B2"},"B2":{"Type":"Wait","Seconds":50,"End":true}}}]}}}
            """;
        var clock = Asl.Clock();

        var result = (await Asl.Run(definition, "{}", time: clock)).Result;

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal(Asl.Epoch.AddSeconds(350), clock.GetUtcNow());
    }

    [Fact]
    public async Task ExecutionTimeout_StopsALongWaitAtTheDeadline()
    {
        const string definition = """{"TimeoutSeconds":60,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}""";
        var clock = Asl.Clock();

        var trace = await Asl.Run(definition, "{}", time: clock);

        Assert.Equal(new ExecutionResult("TIMED_OUT", null, "States.Timeout", null), trace.Result);
        Assert.Equal(Asl.Epoch.AddSeconds(60), clock.GetUtcNow());
        Assert.Equal(["ExecutionStarted", "WaitStateEntered", "WaitStateAborted", "ExecutionTimedOut"], trace.Types());
    }

    [Fact]
    public async Task TaskTimeout_HandlerOutlivesTimeout_FailsWithStatesTimeout()
    {
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"slow","TimeoutSeconds":5,"End":true}}}""";
        var clock = Asl.Clock();
        var tasks = new ScriptedInvoker().OnAsync("slow", async (_, ct) =>
        {
            // Says it never answers, so the clock may move on to the task's timeout.
            await clock.SuspendUntilCanceledAsync(ct);
            return null;
        });

        var trace = await Asl.Run(definition, "{}", tasks, clock);

        Assert.Equal(new ExecutionResult("FAILED", null, "States.Timeout", null), trace.Result);
        Assert.Contains("TaskTimedOut", trace.Types());
        Assert.Equal(Asl.Epoch.AddSeconds(5), clock.GetUtcNow());
    }

    [Fact]
    public async Task TaskTimeoutSecondsPath_IsReadFromInput()
    {
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"r","TimeoutSecondsPath":"$.t","End":true}}}""";
        var tasks = new ScriptedInvoker().On("r", _ => new JsonObject());

        var trace = await Asl.Run(definition, """{"t":42}""", tasks);

        Assert.Equal(42, trace.Events.Single(e => e.Type == "TaskScheduled").Details!["timeoutInSeconds"]!.GetValue<long>());
    }
}
