using System.Text.Json.Nodes;

using Provisioner.StateMachine.Tests.Support;

namespace Provisioner.StateMachine.Tests.States;

public sealed class BasicStatesTests
{
    [Fact]
    public async Task RunAsync_PassWithResultAndResultPath_MergesIntoInput()
    {
        const string definition = """
            {"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.r","End":true}}}
            """;

        var result = await AslRunner.RunAsync(definition, """{"a":"b"}""", new ScriptedInvoker(), Asl.Clock(), TestContext.Current.CancellationToken);

        Assert.Equal("SUCCEEDED", result.Status);
        Assert.True(Asl.JsonEquals("""{"a":"b","r":{"x":1}}""", result.OutputJson), result.OutputJson);
    }

    [Fact]
    public async Task RunAsync_TaskThenSucceed_PassesTaskResultAndRecordsAwsEvents()
    {
        const string definition = """
            {"StartAt":"T","States":{
              "T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"n.$":"$.n"},"ResultPath":"$.out","Next":"S"},
              "S":{"Type":"Succeed","OutputPath":"$.out"}}}
            """;
        var tasks = new ScriptedInvoker().On("arn:aws:states:::lambda:invoke", input => new JsonObject { ["doubled"] = input!["n"]!.GetValue<int>() * 2 });

        var trace = await Asl.Run(definition, """{"n":21}""", tasks);

        Assert.Equal("SUCCEEDED", trace.Result.Status);
        Assert.True(Asl.JsonEquals("""{"doubled":42}""", trace.Result.OutputJson), trace.Result.OutputJson);
        Assert.Equal(
            ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "SucceedStateEntered", "SucceedStateExited", "ExecutionSucceeded"],
            trace.Types());
        var scheduled = trace.Events.Single(e => e.Type == "TaskScheduled").Details!;
        Assert.Equal("lambda", scheduled["resourceType"]!.GetValue<string>());
        Assert.Equal("invoke", scheduled["resource"]!.GetValue<string>());
        Assert.Equal("""{"n":21}""", scheduled["parameters"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_FailState_ReportsErrorAndCause()
    {
        const string definition = """{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Custom.Error","Cause":"because"}}}""";

        var trace = await Asl.Run(definition);

        Assert.Equal(new ExecutionResult("FAILED", null, "Custom.Error", "because"), trace.Result);
        Assert.Equal(["ExecutionStarted", "FailStateEntered", "ExecutionFailed"], trace.Types());
    }

    [Fact]
    public async Task RunAsync_TaskFailedException_SetsErrorAndCauseVerbatim()
    {
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"r","End":true}}}""";
        var tasks = new ScriptedInvoker().FailThen("r", 1, () => new TaskFailedException("My.Error", "my cause"), _ => null);

        var result = (await Asl.Run(definition, "{}", tasks)).Result;

        Assert.Equal(new ExecutionResult("FAILED", null, "My.Error", "my cause"), result);
    }

    [Fact]
    public async Task RunAsync_OtherException_ReportedAsLambdaDoes()
    {
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true}}}""";
        var tasks = new ScriptedInvoker().FailThen("arn:aws:lambda:us-east-1:123456789012:function:f", 1, () => new InvalidOperationException("boom"), _ => null);

        var trace = await Asl.Run(definition, "{}", tasks);

        Assert.Equal("FAILED", trace.Result.Status);
        Assert.Equal("InvalidOperationException", trace.Result.Error);
        var cause = JsonNode.Parse(trace.Result.Cause!)!;
        Assert.Equal("boom", cause["errorMessage"]!.GetValue<string>());
        Assert.Equal("InvalidOperationException", cause["errorType"]!.GetValue<string>());
        Assert.Empty(Assert.IsType<JsonArray>(cause["stackTrace"]));
        Assert.Contains("LambdaFunctionFailed", trace.Types());
    }

    [Fact]
    public async Task RunAsync_HandlerThrowsAHugeMessage_CauseIsCutAndCarriesNoStackTrace()
    {
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true}}}""";
        var huge = new string('x', 100_000);
        var tasks = new ScriptedInvoker().FailThen("arn:aws:lambda:us-east-1:123456789012:function:f", 1, () => new InvalidOperationException(huge), _ => null);

        var trace = await Asl.Run(definition, "{}", tasks);

        Assert.Equal("FAILED", trace.Result.Status);
        Assert.True(trace.Result.Cause!.Length < 32_768, $"cause of {trace.Result.Cause.Length} characters");
        var cause = JsonNode.Parse(trace.Result.Cause)!;
        Assert.StartsWith("xxxx", cause["errorMessage"]!.GetValue<string>());
        Assert.Empty(cause["stackTrace"]!.AsArray());
        Assert.DoesNotContain(" at ", trace.Result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Cancelled_EndsAborted()
    {
        const string definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"slow","End":true}}}""";
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var tasks = new ScriptedInvoker().OnAsync("slow", async (_, ct) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });

        var trace = await AslRunner.RunWithHistoryAsync(definition, "{}", tasks, Asl.Clock(), cts.Token);

        Assert.Equal("ABORTED", trace.Result.Status);
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskStateAborted", "ExecutionAborted"], trace.Types());
    }
}
