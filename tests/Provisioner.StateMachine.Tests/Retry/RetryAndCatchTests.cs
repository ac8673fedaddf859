using System.Text.Json.Nodes;

using Provisioner.StateMachine.Retry;
using Provisioner.StateMachine.Tests.Support;

namespace Provisioner.StateMachine.Tests.Retry;

public sealed class RetryAndCatchTests
{
    [Fact]
    public async Task Retry_Backoff_WaitsIntervalTimesRatePerAttempt()
    {
        const string definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"r","End":true,
              "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":3,"MaxAttempts":3,"BackoffRate":2}]}}}
            """;
        var clock = Asl.Clock();
        var tasks = new ScriptedInvoker().FailThen("r", 3, () => new TaskFailedException("Flaky", "x"), _ => JsonValue.Create("ok"));

        var result = (await Asl.Run(definition, "{}", tasks, clock)).Result;

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.Equal(4, tasks.CallCount("r"));
        Assert.Equal(Asl.Epoch.AddSeconds(3 + 6 + 12), clock.GetUtcNow());
    }

    [Fact]
    public async Task Retry_MaxDelaySeconds_CapsTheBackoff()
    {
        const string definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"r","End":true,
              "Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":10,"MaxAttempts":3,"BackoffRate":10,"MaxDelaySeconds":30}]}}}
            """;
        var clock = Asl.Clock();
        var tasks = new ScriptedInvoker().FailThen("r", 3, () => new TaskFailedException("E", null), _ => null);

        await Asl.Run(definition, "{}", tasks, clock);

        Assert.Equal(Asl.Epoch.AddSeconds(10 + 30 + 30), clock.GetUtcNow());
    }

    [Fact]
    public async Task Retry_Exhausted_FallsToCatchWithErrorOutput()
    {
        const string definition = """
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"r","Next":"Done",
                "Retry":[{"ErrorEquals":["E"],"MaxAttempts":1}],
                "Catch":[{"ErrorEquals":["Other"],"Next":"Done"},{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Handled"}]},
              "Handled":{"Type":"Pass","End":true},
              "Done":{"Type":"Succeed"}}}
            """;
        var tasks = new ScriptedInvoker().FailThen("r", 5, () => new TaskFailedException("E", "why"), _ => null);

        var trace = await Asl.Run(definition, """{"keep":1}""", tasks);

        Assert.Equal(2, tasks.CallCount("r"));
        Assert.True(Asl.JsonEquals("""{"keep":1,"error":{"Error":"E","Cause":"why"}}""", trace.Result.OutputJson), trace.Result.OutputJson);
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskScheduled", "TaskStarted", "TaskFailed", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], trace.Types());
    }

    [Fact]
    public async Task RetryCount_IsVisibleInContextObject()
    {
        const string definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"r","Parameters":{"n.$":"$$.State.RetryCount"},"End":true,
              "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":2}]}}}
            """;
        var tasks = new ScriptedInvoker().FailThen("r", 2, () => new TaskFailedException("E", null), input => input);

        var result = (await Asl.Run(definition, "{}", tasks)).Result;

        Assert.True(Asl.JsonEquals("""{"n":2}""", result.OutputJson), result.OutputJson);
    }

    [Fact]
    public async Task StatesAll_DoesNotCatchRuntimeErrors()
    {
        const string definition = """
            {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"r","Parameters":{"x.$":"$.missing"},"End":true,
              "Catch":[{"ErrorEquals":["States.ALL"],"Next":"H"}]},"H":{"Type":"Succeed"}}}
            """;

        var result = (await Asl.Run(definition, "{}", new ScriptedInvoker())).Result;

        Assert.Equal("FAILED", result.Status);
        Assert.Equal("States.Runtime", result.Error);
    }

    [Fact]
    public async Task TaskResultOverLimit_FailsWithDataLimitExceeded()
    {
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"r","End":true}}}""";
        var tasks = new ScriptedInvoker().On("r", _ => JsonValue.Create(new string('x', 300 * 1024)));

        var result = (await Asl.Run(definition, "{}", tasks)).Result;

        Assert.Equal("States.DataLimitExceeded", result.Error);
    }

    [Theory]
    [InlineData("Custom.Error", true)]
    [InlineData("States.TaskFailed", true)]
    [InlineData("States.Timeout", false)]
    [InlineData("States.Runtime", false)]
    public void StatesTaskFailed_IsAWildcardExceptTimeout(string error, bool matches) =>
        Assert.Equal(matches, StateMachine.Errors.StatesErrorNames.Matches("States.TaskFailed", error));

    [Fact]
    public void DelayBefore_FullJitter_StaysWithinTheBackoff()
    {
        var retrier = new Retrier(["E"], IntervalSeconds: 4, BackoffRate: 2, Jitter: JitterStrategy.Full);
        var random = new Random(1);

        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(retrier.DelayBefore(2, random).TotalSeconds, 0, 16);
        }

        Assert.Equal(TimeSpan.FromSeconds(16), retrier with { Jitter = JitterStrategy.None } is var plain ? plain.DelayBefore(2, random) : default);
    }
}
