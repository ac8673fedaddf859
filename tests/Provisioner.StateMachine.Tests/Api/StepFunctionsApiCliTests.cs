using System.Text.Json.Nodes;

using Provisioner.StateMachine.Api;
using Provisioner.StateMachine.Engine;
using Provisioner.StateMachine.Tests.Support;

namespace Provisioner.StateMachine.Tests.Api;

/// <summary>The HTTP API driven by the real AWS CLI (/usr/bin/aws) over 127.0.0.1.</summary>
public sealed class StepFunctionsApiCliTests
{
    private const string Role = "arn:aws:iam::123456789012:role/test";

    private const string Definition = """
        {"StartAt":"T","States":{"T":{"Type":"Task","Resource":"work","ResultPath":"$.result","Next":"P"},"P":{"Type":"Pass","End":true}}}
        """;

    [Fact]
    public async Task Cli_StateMachineAndExecutionLifecycle()
    {
        using var db = new TempDatabase();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = new ScriptedInvoker().OnAsync("work", async (input, ct) =>
        {
            if (input!["block"] is not null)
            {
                await gate.Task.WaitAsync(ct);
            }

            return input["fail"] is not null ? throw new TaskFailedException("Work.Failed", "asked to") : JsonValue.Create("done");
        });
        await using var engine = await StateMachineEngine.StartAsync(new() { DatabasePath = db.Path, Time = Asl.Clock() }, tasks);
        await using var host = await StepFunctionsApiHost.StartAsync(engine, cancellationToken: TestContext.Current.CancellationToken);
        using var aws = new AwsCli(host.Endpoint);

        var created = await aws.StepFunctions("create-state-machine", "--name", "demo", "--definition", Definition, "--role-arn", Role);
        Assert.Equal(0, created.ExitCode);
        var machineArn = created.Json["stateMachineArn"]!.GetValue<string>();
        Assert.Equal("arn:aws:states:us-east-1:123456789012:stateMachine:demo", machineArn);

        var described = await aws.StepFunctions("describe-state-machine", "--state-machine-arn", machineArn);
        Assert.Equal(Definition, described.Json["definition"]!.GetValue<string>());
        Assert.Single((await aws.StepFunctions("list-state-machines")).Json["stateMachines"]!.AsArray());

        var started = await aws.StepFunctions("start-execution", "--state-machine-arn", machineArn, "--name", "run-1", "--input", """{"n":1}""");
        Assert.Equal(0, started.ExitCode);
        var executionArn = started.Json["executionArn"]!.GetValue<string>();
        await engine.WaitForExecutionAsync(executionArn, TestContext.Current.CancellationToken);

        var execution = (await aws.StepFunctions("describe-execution", "--execution-arn", executionArn)).Json;
        Assert.Equal("SUCCEEDED", execution["status"]!.GetValue<string>());
        Assert.True(Asl.JsonEquals("""{"n":1,"result":"done"}""", execution["output"]!.GetValue<string>()));

        var firstPage = (await aws.StepFunctions("get-execution-history", "--execution-arn", executionArn, "--max-results", "3", "--no-paginate")).Json;
        Assert.Equal(3, firstPage["events"]!.AsArray().Count);
        var token = firstPage["nextToken"]!.GetValue<string>();
        var rest = (await aws.StepFunctions("get-execution-history", "--execution-arn", executionArn, "--next-token", token, "--no-paginate")).Json;
        var types = firstPage["events"]!.AsArray().Concat(rest["events"]!.AsArray()).Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], types);
        Assert.Equal("work", firstPage["events"]![2]!["taskScheduledEventDetails"]!["resource"]!.GetValue<string>());

        var again = await aws.StepFunctions("start-execution", "--state-machine-arn", machineArn, "--name", "run-1", "--input", """{"n":1}""");
        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("ExecutionAlreadyExists", again.StdErr, StringComparison.Ordinal);

        var blockedArn = (await aws.StepFunctions("start-execution", "--state-machine-arn", machineArn, "--name", "run-2", "--input", """{"block":true}""")).Json["executionArn"]!.GetValue<string>();
        var sameRunning = await aws.StepFunctions("start-execution", "--state-machine-arn", machineArn, "--name", "run-2", "--input", """{"block":true}""");
        Assert.Equal(blockedArn, sameRunning.Json["executionArn"]!.GetValue<string>());
        var running = (await aws.StepFunctions("list-executions", "--state-machine-arn", machineArn, "--status-filter", "RUNNING")).Json;
        Assert.Equal(blockedArn, Assert.Single(running["executions"]!.AsArray())!["executionArn"]!.GetValue<string>());
        var stop = await aws.StepFunctions("stop-execution", "--execution-arn", blockedArn, "--error", "Op", "--cause", "stop it");
        Assert.Equal(0, stop.ExitCode);
        var stopped = (await aws.StepFunctions("describe-execution", "--execution-arn", blockedArn)).Json;
        Assert.Equal(("ABORTED", "Op"), (stopped["status"]!.GetValue<string>(), stopped["error"]!.GetValue<string>()));

        var failingArn = (await aws.StepFunctions("start-execution", "--state-machine-arn", machineArn, "--name", "run-3", "--input", """{"fail":true}""")).Json["executionArn"]!.GetValue<string>();
        var failed = await engine.WaitForExecutionAsync(failingArn, TestContext.Current.CancellationToken);
        Assert.Equal(("FAILED", "Work.Failed"), (failed.Status, failed.Error));
        var updated = await aws.StepFunctions("update-state-machine", "--state-machine-arn", machineArn, "--definition",
            Definition.Replace("\"Resource\":\"work\"", "\"Resource\":\"work\",\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"]}]", StringComparison.Ordinal));
        Assert.True(updated.ExitCode == 0, updated.StdErr);
        // The CLI on this machine (2.9.19) predates RedriveExecution, so that one call goes over plain HTTP.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, host.Endpoint)
        {
            Content = new StringContent(new JsonObject { ["executionArn"] = failingArn }.ToJsonString(), System.Text.Encoding.UTF8, "application/x-amz-json-1.0"),
        };
        request.Headers.Add("X-Amz-Target", "AWSStepFunctions.RedriveExecution");
        using var redrive = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, redrive.StatusCode);
        Assert.NotNull(JsonNode.Parse(await redrive.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["redriveDate"]);
        var redriven = await engine.WaitForExecutionAsync(failingArn, TestContext.Current.CancellationToken);
        Assert.Equal(("FAILED", 1), (redriven.Status, redriven.RedriveCount));
        Assert.Contains("ExecutionRedriven", (await aws.StepFunctions("get-execution-history", "--execution-arn", failingArn)).StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_BadInput_GetsAwsErrorsNotServerErrors()
    {
        await using var engine = await StateMachineEngine.StartAsync(new() { Time = Asl.Clock() }, new ScriptedInvoker());
        await using var host = await StepFunctionsApiHost.StartAsync(engine, cancellationToken: TestContext.Current.CancellationToken);
        using var aws = new AwsCli(host.Endpoint);

        var missing = await aws.StepFunctions("describe-execution", "--execution-arn", "arn:aws:states:us-east-1:123456789012:execution:x:y");
        var invalid = await aws.StepFunctions("create-state-machine", "--name", "bad", "--definition", """{"StartAt":"A","States":{"A":{"Type":"Pass"}}}""", "--role-arn", Role);
        var badName = await aws.StepFunctions("create-state-machine", "--name", "bad name", "--definition", Definition, "--role-arn", Role);
        var noMachine = await aws.StepFunctions("start-execution", "--state-machine-arn", "arn:aws:states:us-east-1:123456789012:stateMachine:none");

        Assert.Contains("ExecutionDoesNotExist", missing.StdErr, StringComparison.Ordinal);
        Assert.Contains("InvalidDefinition", invalid.StdErr, StringComparison.Ordinal);
        Assert.Contains("/States/A", invalid.StdErr, StringComparison.Ordinal);
        Assert.Contains("InvalidName", badName.StdErr, StringComparison.Ordinal);
        Assert.Contains("StateMachineDoesNotExist", noMachine.StdErr, StringComparison.Ordinal);
        Assert.All(new[] { missing, invalid, badName, noMachine }, r => Assert.Equal(254, r.ExitCode));
    }
}
