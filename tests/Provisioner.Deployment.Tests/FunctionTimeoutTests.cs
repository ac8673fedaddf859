using System.Globalization;
using System.Text.Json.Nodes;
using Provisioner.Functions.Steps;

namespace Provisioner.Deployment.Tests;

/// <summary>
/// Issue 11, Parallel failure without orphans: Lambda stops a function at its timeout, and no Task state gives up on
/// a function before that (a state that timed out first would leave its function running on, creating after the
/// rollback passed it). The functions know the timeout: a teardown waits it out from its start.
/// </summary>
public sealed class FunctionTimeoutTests
{
    public static TheoryData<string> Workflows => [.. Repository.StateMachineFiles.Select(f => Path.GetFileName(f))];

    [Fact]
    public async Task Functions_KnowTheirLambdaTimeout_AndNoneSetsItsOwn()
    {
        var template = await Template.Instance;
        var globals = template.Root["Globals"]!["Function"]!;
        var timeout = Seconds(globals["Timeout"]);

        Assert.Equal(StepSettings.DefaultFunctionTimeout, TimeSpan.FromSeconds(timeout));
        Assert.Equal(timeout, Seconds(globals["Environment"]!["Variables"]![StepSettings.FunctionTimeoutVariable]));
        var functions = template.Resources.Where(r => (string?)r.Value!["Type"] == "AWS::Serverless::Function").ToList();
        Assert.NotEmpty(functions);
        Assert.All(functions, f => Assert.False(f.Value!["Properties"]!.AsObject().ContainsKey("Timeout"), $"{f.Key} sets its own Timeout"));
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public async Task EveryFunctionTask_WaitsLongerThanLambdaLetsTheFunctionRun(string file)
    {
        var timeout = Seconds((await Template.Instance).Root["Globals"]!["Function"]!["Timeout"]);
        var definition = JsonNode.Parse(File.ReadAllText(Repository.PathOf(Path.Combine("statemachine", file))))!;
        var tasks = LambdaRetryTests.FunctionTasks(definition["States"]!.AsObject()).ToList();
        Assert.NotEmpty(tasks);

        foreach (var (name, state) in tasks)
        {
            Assert.True(state["TimeoutSeconds"] is { } seconds && Seconds(seconds) > timeout,
                $"{file} {name}: TimeoutSeconds must be longer than the functions' Lambda timeout ({timeout} s)");
        }
    }

    private static int Seconds(JsonNode? node) => int.Parse(node!.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
}
