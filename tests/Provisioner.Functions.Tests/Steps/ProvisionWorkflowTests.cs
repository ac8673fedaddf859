using System.Text.Json.Nodes;
using Provisioner.Functions.Steps;

namespace Provisioner.Functions.Tests.Steps;

/// <summary>The provision workflow's shape that the safety rules rest on (statemachine/provision.asl.json).</summary>
public sealed class ProvisionWorkflowTests
{
    /// <summary>Room for the tasks' retries after the budget is spent: six 120 s attempts with backoff, rounded up.</summary>
    private const int RetrySlackSeconds = 1200;

    private static JsonObject Definition()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "statemachine", "provision.asl.json")))
        {
            directory = directory.Parent;
        }
        Assert.NotNull(directory);
        return JsonNode.Parse(File.ReadAllText(Path.Combine(directory.FullName, "statemachine", "provision.asl.json")))!.AsObject();
    }

    [Fact]
    public void Build_EveryTaskInEveryBranchCatchesItsOwnFailureAndTheBranchFinishes()
    {
        var build = Definition()["States"]!["Build"]!;

        foreach (var branch in build["Branches"]!.AsArray())
        {
            var states = branch!["States"]!.AsObject();
            Assert.DoesNotContain(states, s => s.Value!["Type"]!.GetValue<string>() == "Fail");
            foreach (var (name, state) in states.Where(s => s.Value!["Type"]!.GetValue<string>() == "Task"))
            {
                var target = state!["Catch"]?.AsArray().Single()!["Next"]!.GetValue<string>();
                Assert.True(target is not null && states[target]!["End"]?.GetValue<bool>() == true, $"{name} must catch into a Pass that ends its branch");
            }
        }
        Assert.Equal("BuildDone?", build["Next"]!.GetValue<string>());
    }

    [Fact]
    public void Timeout_CoversTheWaitBudgetTheRetriesAndTheRollbacksOwnTimeout()
    {
        var definition = Definition();
        var rollback = definition["States"]!["RollBack"]!["TimeoutSeconds"]!.GetValue<int>();

        Assert.True(definition["TimeoutSeconds"]!.GetValue<int>() >= WaitBudget.Seconds + RetrySlackSeconds + rollback);
    }

    [Fact]
    public void Checks_GetTheExecutionsStartForTheBudget()
    {
        var states = Definition()["States"]!;

        Assert.Equal("$$.Execution.StartTime", states["CheckHealthy"]!["Parameters"]!["startedAt.$"]!.GetValue<string>());
        Assert.Equal("$$.Execution.StartTime", states["Build"]!["Branches"]![0]!["States"]!["CheckImage"]!["Parameters"]!["startedAt.$"]!.GetValue<string>());
        Assert.Equal("$$.Execution.Name", states["ValidateSpec"]!["Parameters"]!["executionName.$"]!.GetValue<string>());
    }
}
