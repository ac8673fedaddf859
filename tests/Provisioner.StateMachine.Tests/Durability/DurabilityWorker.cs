using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

using Provisioner.StateMachine.Engine;

namespace Provisioner.StateMachine.Tests.Durability;

/// <summary>
/// The child process of the kill -9 test. The test starts this very test assembly again, running
/// only the explicit <see cref="DurabilityWorkerEntry"/> test (xunit's in-process runner) with <see cref="Variable"/> set: it opens the engine on the given SQLite file (resuming whatever was RUNNING), starts the
/// executions that do not exist yet, and exits once all are closed. Before each task invocation it
/// asks the test on stdout and waits for "go" on stdin, so the test decides exactly where to kill;
/// each invocation that runs is appended to a log, tagged with the worker generation.
/// </summary>
internal static class DurabilityWorker
{
    public const string Variable = "PROVISIONER_SM_DURABILITY_WORKER";
    public const string Role = "arn:aws:iam::123456789012:role/durable";

    public const string Definition = """
        {"StartAt":"Init","States":{
          "Init":{"Type":"Pass","Parameters":{"n.$":"$.n","sum":0,"items.$":"$.items"},"Next":"Step"},
          "Step":{"Type":"Task","Resource":"work","Parameters":{"key.$":"States.Format('{}/step/{}', $$.Execution.Name, $.n)","v.$":"$.n"},
            "ResultSelector":{"v.$":"$.value"},"ResultPath":"$.last","Next":"Add"},
          "Add":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, -1)","sum.$":"States.MathAdd($.sum, $.last.v)","items.$":"$.items"},"Next":"Loop"},
          "Loop":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":0,"Next":"Step"}],"Default":"Fan"},
          "Fan":{"Type":"Parallel","ResultPath":"$.fan","End":true,"Branches":[
            {"StartAt":"One","States":{"One":{"Type":"Task","Resource":"work","Parameters":{"key.$":"States.Format('{}/one', $$.Execution.Name)","v":100},
              "ResultSelector":{"v.$":"$.value"},"End":true}}},
            {"StartAt":"Each","States":{"Each":{"Type":"Map","ItemsPath":"$.items","MaxConcurrency":2,
              "ItemSelector":{"key.$":"States.Format('{}/map/{}', $$.Execution.Name, $$.Map.Item.Index)","v.$":"$$.Map.Item.Value"},
              "ItemProcessor":{"StartAt":"Item","States":{"Item":{"Type":"Task","Resource":"work","ResultSelector":{"v.$":"$.value"},"End":true}}},"End":true}}}]}}}
        """;

    public static string InputFor(int index) => new JsonObject { ["n"] = 3 + (index % 3), ["items"] = new JsonArray(1, 2, 3 + index) }.ToJsonString();

    /// <summary>The task every invocation runs: deterministic, a little CPU work so kills land mid-flight.</summary>
    public static JsonNode Work(JsonNode? input)
    {
        var v = input!["v"]!.GetValue<int>();
        var bytes = Encoding.UTF8.GetBytes(input.ToJsonString());
        for (var i = 0; i < 2000; i++)
        {
            bytes = SHA256.HashData(bytes);
        }

        return new JsonObject { ["key"] = input["key"]!.GetValue<string>(), ["value"] = v * 2 };
    }

    /// <summary>Runs the worker with the settings the test put in <see cref="Variable"/>.</summary>
    public static Task<int> RunFromEnvironmentAsync()
    {
        var parts = Environment.GetEnvironmentVariable(Variable)!.Split('|');
        return RunAsync(parts[0], parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task<int> RunAsync(string database, string log, int generation, int executions)
    {
        var invoker = new LoggingInvoker(log, generation);
        await using var engine = await StateMachineEngine.StartAsync(new StateMachineEngineOptions { DatabasePath = database }, invoker);
        var machine = await engine.CreateStateMachineAsync("durable", Definition, Role);
        var arns = new List<string>();
        for (var i = 0; i < executions; i++)
        {
            try
            {
                arns.Add((await engine.StartExecutionAsync(machine.Arn, $"e{i}", InputFor(i))).Arn);
            }
            catch (StepFunctionsException e) when (e.ErrorCode == "ExecutionAlreadyExists")
            {
                arns.Add($"arn:aws:states:us-east-1:123456789012:execution:durable:e{i}");
            }
        }

        foreach (var arn in arns)
        {
            await engine.WaitForExecutionAsync(arn);
        }

        Signal("all-done");
        return 0;
    }

    /// <summary>
    /// Writes a line straight to the process's stdout: the test runner captures Console output
    /// per test and would deliver it late, and the test acts on each line as it comes.
    /// </summary>
    private static void Signal(string line)
    {
        lock (RawOut)
        {
            RawOut.Write(Encoding.UTF8.GetBytes(line + "\n"));
            RawOut.Flush();
        }
    }

    private static readonly Stream RawOut = Console.OpenStandardOutput();

    private static readonly StreamReader RawIn = new(Console.OpenStandardInput());

    private sealed class LoggingInvoker(string log, int generation) : ITaskInvoker
    {
        private readonly Lock _gate = new();

        public Task<JsonNode?> InvokeAsync(string resource, JsonNode? input, CancellationToken cancellationToken)
        {
            var key = input!["key"]!.GetValue<string>();
            lock (_gate)
            {
                // Ask the test for permission; it answers "go", or kills this process instead.
                Signal("invoked " + key);
                if (RawIn.ReadLine() != "go")
                {
                    throw new InvalidOperationException("The test stopped answering.");
                }

                File.AppendAllText(log, $"{generation} {key}\n");
            }

            return Task.FromResult<JsonNode?>(Work(input));
        }
    }
}
