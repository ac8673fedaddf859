using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

using Provisioner.StateMachine.Engine;
using Provisioner.StateMachine.Tests.Support;

namespace Provisioner.StateMachine.Tests.Engine;

public sealed class StateMachineEngineTests
{
    private const string Role = "arn:aws:iam::123456789012:role/test";

    private const string TwoTasks = """
        {"StartAt":"A","States":{
          "A":{"Type":"Task","Resource":"a","ResultPath":"$.a","Next":"B"},
          "B":{"Type":"Task","Resource":"b","ResultPath":"$.b","End":true}}}
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartExecution_RunsDurably_AndHistoryHasAwsEvents()
    {
        using var db = new TempDatabase();
        var tasks = new ScriptedInvoker().On("a", _ => JsonValue.Create(1)).On("b", _ => JsonValue.Create(2));
        await using var engine = await StateMachineEngine.StartAsync(new() { DatabasePath = db.Path, Time = Asl.Clock() }, tasks);
        var machine = await engine.CreateStateMachineAsync("two", TwoTasks, Role);

        var started = await engine.StartExecutionAsync(machine.Arn, "e1", """{"x":0}""");
        var done = await engine.WaitForExecutionAsync(started.Arn, Ct);

        Assert.Equal("SUCCEEDED", done.Status);
        Assert.True(Asl.JsonEquals("""{"x":0,"a":1,"b":2}""", done.Output));
        var history = await engine.GetExecutionHistoryAsync(started.Arn);
        Assert.Equal("ExecutionStarted", history[0].Type);
        Assert.Equal("ExecutionSucceeded", history[^1].Type);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Id));
    }

    [Fact]
    public async Task StartExecution_SameNameAndInputWhileRunning_ReturnsSameExecution_ClosedOrDifferentInputFails()
    {
        var release = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = new ScriptedInvoker().OnAsync("a", (_, _) => release.Task).On("b", _ => null);
        await using var engine = await StateMachineEngine.StartAsync(new() { Time = Asl.Clock() }, tasks);
        var machine = await engine.CreateStateMachineAsync("two", TwoTasks, Role);

        var first = await engine.StartExecutionAsync(machine.Arn, "same", """{"k":1}""");
        var again = await engine.StartExecutionAsync(machine.Arn, "same", """{ "k" : 1 }""");
        var different = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.StartExecutionAsync(machine.Arn, "same", """{"k":2}"""));
        release.SetResult(null);
        await engine.WaitForExecutionAsync(first.Arn, Ct);
        var closed = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.StartExecutionAsync(machine.Arn, "same", """{"k":1}"""));

        Assert.Equal(first.Arn, again.Arn);
        Assert.Equal(first.StartDate, again.StartDate);
        Assert.Equal("ExecutionAlreadyExists", different.ErrorCode);
        Assert.Equal("ExecutionAlreadyExists", closed.ErrorCode);
    }

    [Fact]
    public async Task Restart_CompletedTaskNotInvokedAgain_InFlightTaskInvokedAgain()
    {
        using var db = new TempDatabase();
        var hang = new ScriptedInvoker()
            .On("a", _ => JsonValue.Create("A"))
            .OnAsync("b", async (_, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return null;
            });
        string arn;
        await using (var first = await StateMachineEngine.StartAsync(new() { DatabasePath = db.Path, Time = Asl.Clock() }, hang))
        {
            var machine = await first.CreateStateMachineAsync("two", TwoTasks, Role);
            arn = (await first.StartExecutionAsync(machine.Arn, "e", "{}")).Arn;
            while (hang.CallCount("b") == 0)
            {
                await Task.Yield();
            }
        }

        Assert.Equal("RUNNING", ReadStatus(db.Path, arn));
        var after = new ScriptedInvoker().On("a", _ => JsonValue.Create("again")).On("b", _ => JsonValue.Create("B"));
        await using var second = await StateMachineEngine.StartAsync(new() { DatabasePath = db.Path, Time = Asl.Clock() }, after);
        var done = await second.WaitForExecutionAsync(arn, Ct);

        Assert.Equal("SUCCEEDED", done.Status);
        Assert.True(Asl.JsonEquals("""{"a":"A","b":"B"}""", done.Output), done.Output);
        Assert.Equal(0, after.CallCount("a"));
        Assert.Equal(1, after.CallCount("b"));
        var history = await second.GetExecutionHistoryAsync(arn);
        Assert.Single(history, e => e.Type == "ExecutionStarted");
        Assert.Single(history, e => e.Type == "TaskStateEntered" && e.Details!["name"]!.GetValue<string>() == "B");
    }

    [Fact]
    public async Task Restart_DuringWait_ResumesWithTheTimeLeft()
    {
        using var db = new TempDatabase();
        var fake = new FakeTimeProvider(Asl.Epoch);
        var tasks = new ScriptedInvoker().On("a", _ => null).On("b", _ => null);
        const string definition = """
            {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"a","Next":"W"},
              "W":{"Type":"Wait","Seconds":3600,"Next":"B"},"B":{"Type":"Task","Resource":"b","End":true}}}
            """;
        string arn;
        await using (var first = await StateMachineEngine.StartAsync(new() { DatabasePath = db.Path, Time = new NonSkippingClock(fake) }, tasks))
        {
            var machine = await first.CreateStateMachineAsync("wait", definition, Role);
            arn = (await first.StartExecutionAsync(machine.Arn, "e", "{}")).Arn;
            while (!(await first.GetExecutionHistoryAsync(arn)).Any(e => e.Type == "WaitStateEntered"))
            {
                await Task.Yield();
            }

            fake.Advance(TimeSpan.FromSeconds(1000));
        }

        await using var second = await StateMachineEngine.StartAsync(new() { DatabasePath = db.Path, Time = new NonSkippingClock(fake) }, tasks);
        fake.Advance(TimeSpan.FromSeconds(2599));
        Assert.Equal("RUNNING", (await second.DescribeExecutionAsync(arn)).Status);
        fake.Advance(TimeSpan.FromSeconds(1));
        var done = await second.WaitForExecutionAsync(arn, Ct);

        Assert.Equal("SUCCEEDED", done.Status);
        Assert.Equal(1, tasks.CallCount("a"));
        Assert.Equal(1, tasks.CallCount("b"));
        var history = await second.GetExecutionHistoryAsync(arn);
        Assert.Equal(Asl.Epoch.AddSeconds(3600), history.Single(e => e.Type == "WaitStateExited").Timestamp);
    }

    [Fact]
    public async Task Redrive_FailedExecution_RerunsOnlyTheFailedState()
    {
        var tasks = new ScriptedInvoker()
            .On("a", _ => JsonValue.Create(1))
            .FailThen("b", 1, () => new TaskFailedException("Broken", "first time"), _ => JsonValue.Create(2));
        await using var engine = await StateMachineEngine.StartAsync(new() { Time = Asl.Clock() }, tasks);
        var machine = await engine.CreateStateMachineAsync("two", TwoTasks, Role);
        var arn = (await engine.StartExecutionAsync(machine.Arn, "e", "{}")).Arn;
        var failed = await engine.WaitForExecutionAsync(arn, Ct);

        var redriven = await engine.RedriveExecutionAsync(arn);
        var done = await engine.WaitForExecutionAsync(arn, Ct);

        Assert.Equal(("FAILED", "Broken"), (failed.Status, failed.Error));
        Assert.Equal(1, redriven.RedriveCount);
        Assert.Equal("SUCCEEDED", done.Status);
        Assert.True(Asl.JsonEquals("""{"a":1,"b":2}""", done.Output), done.Output);
        Assert.Equal(1, tasks.CallCount("a"));
        Assert.Equal(2, tasks.CallCount("b"));
        var history = await engine.GetExecutionHistoryAsync(arn);
        Assert.Contains(history, e => e.Type == "ExecutionRedriven");
        var notAgain = await Assert.ThrowsAsync<StepFunctionsException>(() => engine.RedriveExecutionAsync(arn));
        Assert.Equal("ExecutionNotRedrivable", notAgain.ErrorCode);
    }

    [Fact]
    public async Task StopExecution_Running_EndsAborted()
    {
        var tasks = new ScriptedInvoker().OnAsync("a", async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });
        await using var engine = await StateMachineEngine.StartAsync(new() { Time = Asl.Clock() }, tasks);
        var machine = await engine.CreateStateMachineAsync("two", TwoTasks, Role);
        var arn = (await engine.StartExecutionAsync(machine.Arn, "e", "{}")).Arn;
        while (tasks.CallCount("a") == 0)
        {
            await Task.Yield();
        }

        var stopped = await engine.StopExecutionAsync(arn, "Operator", "requested");

        Assert.Equal(("ABORTED", "Operator", "requested"), (stopped.Status, stopped.Error, stopped.Cause));
        Assert.Equal("ExecutionAborted", (await engine.GetExecutionHistoryAsync(arn))[^1].Type);
    }

    [Fact]
    public async Task StartExecutionSync2_RunsChildOnSameEngine_OutputParsed_FailureIsTaskFailed()
    {
        var tasks = new ScriptedInvoker().On("child", input => new JsonObject { ["echo"] = input!.DeepClone() });
        await using var engine = await StateMachineEngine.StartAsync(new() { Time = Asl.Clock() }, tasks);
        var child = await engine.CreateStateMachineAsync("child", """
            {"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.fail","BooleanEquals":true,"Next":"F"}],"Default":"W"},
              "W":{"Type":"Wait","Seconds":600,"Next":"T"},"T":{"Type":"Task","Resource":"child","End":true},
              "F":{"Type":"Fail","Error":"Child.Failed","Cause":"child cause"}}}
            """, Role);
        var parent = await engine.CreateStateMachineAsync("parent", """
            {"StartAt":"Run","States":{"Run":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution.sync:2",
              "Parameters":{"StateMachineArn":"CHILD","Input":{"fail.$":"$.fail","v":1}},"End":true}}}
            """.Replace("CHILD", child.Arn, StringComparison.Ordinal), Role);

        var ok = await engine.WaitForExecutionAsync((await engine.StartExecutionAsync(parent.Arn, "ok", """{"fail":false}""")).Arn, Ct);
        var bad = await engine.WaitForExecutionAsync((await engine.StartExecutionAsync(parent.Arn, "bad", """{"fail":true}""")).Arn, Ct);

        Assert.Equal("SUCCEEDED", ok.Status);
        var output = JsonNode.Parse(ok.Output!)!;
        Assert.Equal("SUCCEEDED", output["Status"]!.GetValue<string>());
        Assert.True(Asl.JsonEquals("""{"echo":{"fail":false,"v":1}}""", output["Output"]!.ToJsonString()));
        Assert.Equal(("FAILED", "States.TaskFailed"), (bad.Status, bad.Error));
        var cause = JsonNode.Parse(bad.Cause!)!;
        Assert.Equal(("Child.Failed", "child cause"), (cause["Error"]!.GetValue<string>(), cause["Cause"]!.GetValue<string>()));
        Assert.Equal(4, (await engine.ListExecutionsAsync(child.Arn, null)).Count + (await engine.ListExecutionsAsync(parent.Arn, null)).Count);
    }

    [Fact]
    public async Task CreateStateMachine_InvalidDefinition_IsInvalidDefinitionWithPointer()
    {
        await using var engine = await StateMachineEngine.StartAsync(new(), new ScriptedInvoker());

        var error = await Assert.ThrowsAsync<StepFunctionsException>(() =>
            engine.CreateStateMachineAsync("bad", """{"StartAt":"A","States":{"A":{"Type":"Pass"}}}""", Role));

        Assert.Equal("InvalidDefinition", error.ErrorCode);
        Assert.Contains("/States/A", error.Message, StringComparison.Ordinal);
    }

    private static string ReadStatus(string path, string arn)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status FROM executions WHERE arn = $a";
        command.Parameters.AddWithValue("$a", arn);
        return (string)command.ExecuteScalar()!;
    }
}
