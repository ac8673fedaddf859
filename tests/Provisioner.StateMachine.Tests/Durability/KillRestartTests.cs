using System.Diagnostics;
using System.Text.Json.Nodes;

using Microsoft.Data.Sqlite;

using Provisioner.StateMachine.Engine;
using Provisioner.StateMachine.Tests.Support;

namespace Provisioner.StateMachine.Tests.Durability;

/// <summary>
/// A worker process runs durable executions and is killed with SIGKILL after a random number of
/// task invocations, again and again, then allowed to finish. Every execution must end as an
/// uninterrupted run ends, and no task whose success was committed may be invoked again.
/// </summary>
public sealed class KillRestartTests
{
    private const int Executions = 6;

    /// <summary>Real time one worker generation may take (seconds when all is well).</summary>
    private static readonly TimeSpan GenerationDeadline = TimeSpan.FromMinutes(3);

    [Theory]
    [InlineData(20251125)]
    [InlineData(7)]
    public async Task KilledWorker_ResumesEveryExecution_WithoutReinvokingCompletedTasks(int seed)
    {
        using var db = new TempDatabase();
        var log = Path.Combine(db.Folder, "invocations.log");
        var random = new Random(seed);
        var committedBefore = new List<HashSet<string>>();
        var generation = 0;
        var finished = false;
        for (; generation < 12 && !finished; generation++)
        {
            var killAfter = generation < 5 ? random.Next(1, 10) : int.MaxValue;
            finished = await RunWorkerAsync(db.Path, log, generation, killAfter);
            committedBefore.Add(CommittedTaskKeys(db.Path));
        }

        var invocations = File.ReadAllLines(log).Select(l => l.Split(' ', 2)).Select(p => (Generation: int.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), Key: p[1])).ToList();
        var perGeneration = string.Join(", ", invocations.GroupBy(i => i.Generation).Select(g => $"g{g.Key}: {g.Count()}"));
        Assert.True(finished, $"seed {seed}: the worker never finished ({perGeneration})");
        Assert.True(generation > 5, $"seed {seed}: the worker finished after {generation} generations, before five kills ({perGeneration})");

        // Completed tasks are never invoked again: nothing committed by the end of generation g is invoked in a later one.
        for (var g = 0; g < committedBefore.Count; g++)
        {
            var again = invocations.Where(i => i.Generation > g && committedBefore[g].Contains(i.Key)).ToList();
            Assert.True(again.Count == 0, $"seed {seed}: re-invoked after commit: {string.Join(", ", again)}");
        }

        // At-least-once, never twice within one process.
        Assert.All(invocations.GroupBy(i => i), g => Assert.Single(g));
        Assert.Equal(Executions * 1, invocations.Select(i => i.Key.Split('/')[0]).Distinct().Count());

        await using var engine = await StateMachineEngine.StartAsync(new() { DatabasePath = db.Path }, new ScriptedInvoker());
        for (var i = 0; i < Executions; i++)
        {
            var record = await engine.DescribeExecutionAsync($"arn:aws:states:us-east-1:123456789012:execution:durable:e{i}");
            var expected = await AslRunner.RunAsync(DurabilityWorker.Definition, DurabilityWorker.InputFor(i),
                new ScriptedInvoker().On("work", DurabilityWorker.Work), cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal("SUCCEEDED", record.Status);
            Assert.True(Asl.JsonEquals(expected.OutputJson, record.Output), $"seed {seed}, e{i}: {record.Output} vs {expected.OutputJson}");
            var history = await engine.GetExecutionHistoryAsync(record.Arn);
            Assert.Single(history, e => e.Type == "ExecutionStarted");
            Assert.Single(history, e => e.Type == "ExecutionSucceeded");
        }
    }

    /// <summary>Runs one worker generation; kills it with SIGKILL when it asks for invocation number <paramref name="killAfter"/> + 1. True if it finished.</summary>
    private static async Task<bool> RunWorkerAsync(string database, string log, int generation, int killAfter)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(DurabilityWorker).Assembly.Location);
        foreach (var arg in new[] { "-class", typeof(DurabilityWorkerEntry).FullName!, "-explicit", "only", "-noColor" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[DurabilityWorker.Variable] = $"{database}|{log}|{generation}|{Executions}";
        using var worker = Process.Start(start)!;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(GenerationDeadline);
        var stderr = worker.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            var invoked = 0;
            while (await worker.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line == "all-done")
                {
                    await worker.WaitForExitAsync(deadline.Token);
                    return true;
                }

                if (!line.StartsWith("invoked ", StringComparison.Ordinal))
                {
                    continue;
                }

                if (++invoked > killAfter)
                {
                    // The worker is waiting to run a task; other executions are mid-flight around it.
                    worker.Kill(entireProcessTree: true);
                    await worker.WaitForExitAsync(deadline.Token);
                    return false;
                }

                await worker.StandardInput.WriteLineAsync("go".AsMemory(), deadline.Token);
                await worker.StandardInput.FlushAsync(deadline.Token);
            }

            await worker.WaitForExitAsync(deadline.Token);
            Assert.Fail($"worker generation {generation} ended without finishing (exit {worker.ExitCode}): {await stderr}");
            return false;
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"worker generation {generation} did not finish or reach its kill point within {GenerationDeadline.TotalMinutes:0} minutes (a resumed execution that never ends?)");
            return false;
        }
        finally
        {
            if (!worker.HasExited)
            {
                worker.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Keys of tasks whose TaskSucceeded is committed in the database now.</summary>
    private static HashSet<string> CommittedTaskKeys(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT details FROM events WHERE type = 'TaskSucceeded'";
        var keys = new HashSet<string>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var output = JsonNode.Parse(JsonNode.Parse(reader.GetString(0))!["output"]!.GetValue<string>())!;
            keys.Add(output["key"]!.GetValue<string>());
        }

        return keys;
    }
}
