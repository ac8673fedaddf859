using System.Text.Json.Nodes;
using Amazon.Runtime;
using Provisioner.Aws.StepFunctions;
using ITaskInvoker = Provisioner.StateMachine.ITaskInvoker;
using TaskFailedException = Provisioner.StateMachine.TaskFailedException;
using Provisioner.StateMachine.Api;
using Provisioner.StateMachine.Engine;

namespace Provisioner.Aws.Tests.StepFunctions;

/// <summary>
/// Our Step Functions client against the second implementation of the API this project has: the local
/// engine's HTTP host (moto lacks RedriveExecution, so this is where that call round-trips).
/// </summary>
public sealed class LocalEngineStepFunctionsTests
{
    private const string Definition = """
        {"StartAt":"Bake","States":{"Bake":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:bake","End":true}}}
        """;

    private sealed class FailOnceInvoker : ITaskInvoker
    {
        private int _calls;

        public int Calls => _calls;

        public Task<JsonNode?> InvokeAsync(string resource, JsonNode? input, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1
                ? throw new TaskFailedException("Provisioner.Transient", "first attempt fails")
                : Task.FromResult<JsonNode?>(new JsonObject { ["amiId"] = "ami-1" });
    }

    [Fact]
    public async Task FailedExecution_Redrive_RoundTripsAndSucceeds()
    {
        var ct = TestContext.Current.CancellationToken;
        var invoker = new FailOnceInvoker();
        await using var engine = await StateMachineEngine.StartAsync(new StateMachineEngineOptions(), invoker);
        await using var host = await StepFunctionsApiHost.StartAsync(engine, cancellationToken: ct);
        using var clients = new AwsClients(new AwsSettings
        {
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("testing", "testing"),
            ServiceEndpoints = new Dictionary<string, Uri> { [AwsService.StepFunctions.EnvironmentId] = host.Endpoint },
        });
        var sfn = clients.StepFunctions;

        var machine = await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "provision", Definition = Definition, RoleArn = "arn:aws:iam::123456789012:role/sfn" }, ct);
        var started = await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine.StateMachineArn, Name = "shop-dev-create-1", Input = """{"spec":{}}""" }, ct);
        await engine.WaitForExecutionAsync(started.ExecutionArn, ct);

        var failed = await sfn.DescribeExecutionAsync(started.ExecutionArn, ct);
        Assert.Equal((ExecutionStatus.Failed, "Provisioner.Transient"), (failed.Status, failed.Error));

        var redriveDate = await sfn.RedriveExecutionAsync(started.ExecutionArn, "shop-dev-retry-1", ct);
        Assert.NotEqual(default, redriveDate);
        await engine.WaitForExecutionAsync(started.ExecutionArn, ct);

        var done = await sfn.DescribeExecutionAsync(started.ExecutionArn, ct);
        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal(1, done.RedriveCount);
        Assert.Equal(2, invoker.Calls);
        var history = await sfn.GetAllExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = started.ExecutionArn, MaxResults = 2 }, ct).ToListAsync(ct);
        Assert.Contains(history, e => e.Type == "ExecutionRedriven");
        Assert.Contains(history, e => e.Type == "LambdaFunctionFailed" && e.Error == "Provisioner.Transient" && e.Cause == "first attempt fails");
        Assert.Equal(history.Select(e => e.Id).Order(), history.Select(e => e.Id));

        var again = await Assert.ThrowsAsync<AwsServiceException>(() => sfn.RedriveExecutionAsync(started.ExecutionArn, cancellationToken: ct));
        Assert.Equal("ExecutionNotRedrivable", again.ErrorCode);
        Assert.False(again.IsTransient);
    }
}
