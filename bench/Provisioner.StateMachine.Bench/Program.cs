using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

using Provisioner.StateMachine;
using Provisioner.StateMachine.Engine;

// Local engine benchmark: state transitions per second (in memory vs durable SQLite/WAL) and
// memory per running execution. Plain Stopwatch runs side by side; see BENCHMARKS.md.
//   dotnet run -c Release --project bench/Provisioner.StateMachine.Bench [-- --quick]
var quick = args.Contains("--quick");
var iterations = quick ? 200 : 2_000;
var folder = Path.Combine(Path.GetTempPath(), "sm-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
try
{
    Console.WriteLine($"# Local engine benchmark ({Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd})");
    Console.WriteLine();
    // Warm-up: JIT and SQLite code paths, not measured.
    await Throughput.RunAsync(Workloads.PassLoop, 200, 4, Path.Combine(folder, "warmup-pass.db"));
    await Throughput.RunAsync(Workloads.TaskLoop, 200, 4, Path.Combine(folder, "warmup-task.db"));
    await Throughput.RunAsync(Workloads.PassLoop, 200, 4, null);
    await Throughput.RunAsync(Workloads.TaskLoop, 200, 4, null);

    Console.WriteLine("| workload | store | executions | transitions | seconds | transitions/s |");
    Console.WriteLine("|---|---|---:|---:|---:|---:|");
    foreach (var (workload, definition) in new[] { ("Pass-heavy", Workloads.PassLoop), ("Task-heavy", Workloads.TaskLoop) })
    {
        foreach (var concurrency in new[] { 1, 16 })
        {
            foreach (var durable in new[] { false, true })
            {
                var db = durable ? Path.Combine(folder, $"{workload}-{concurrency}.db") : null;
                var (transitions, elapsed) = await Throughput.RunAsync(definition, iterations / concurrency * (concurrency == 1 ? 1 : 2), concurrency, db);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {workload} | {(durable ? "SQLite WAL" : "in memory")} | {concurrency} | {transitions} | {elapsed.TotalSeconds:F2} | {transitions / elapsed.TotalSeconds:N0} |"));
            }
        }
    }

    Console.WriteLine();
    Console.WriteLine("| 1,000 running executions blocked in | store | bytes per execution (beyond payload) |");
    Console.WriteLine("|---|---|---:|");
    foreach (var (blockedIn, definition) in new[] { ("Wait (timer)", Workloads.LongWait), ("Task (in flight)", Workloads.HangingTask) })
    {
        foreach (var durable in new[] { false, true })
        {
            var db = durable ? Path.Combine(folder, $"memory-{blockedIn[..4]}.db") : null;
            var perExecution = await MemoryPerExecution.MeasureAsync(definition, quick ? 200 : 1_000, db);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {blockedIn} | {(durable ? "SQLite WAL" : "in memory")} | {perExecution:N0} |"));
        }
    }
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

internal static class Workloads
{
    /// <summary>A Pass + Choice loop: two transitions per turn, no tasks, so commits batch freely.</summary>
    public const string PassLoop = """
        {"StartAt":"Step","States":{
          "Step":{"Type":"Pass","Parameters":{"n.$":"States.MathAdd($.n, -1)"},"Next":"More"},
          "More":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":0,"Next":"Step"}],"Default":"Done"},
          "Done":{"Type":"Succeed"}}}
        """;

    /// <summary>A Task + Choice loop: every task waits until all transitions before it are committed.</summary>
    public const string TaskLoop = """
        {"StartAt":"Step","States":{
          "Step":{"Type":"Task","Resource":"decrement","Next":"More"},
          "More":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericGreaterThan":0,"Next":"Step"}],"Default":"Done"},
          "Done":{"Type":"Succeed"}}}
        """;

    public const string LongWait = """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":86400,"End":true}}}""";

    public const string HangingTask = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"hang","End":true}}}""";
}

internal sealed class BenchInvoker : ITaskInvoker
{
    public TaskCompletionSource<JsonNode?> Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<JsonNode?> InvokeAsync(string resource, JsonNode? input, CancellationToken cancellationToken) => resource switch
    {
        "decrement" => Task.FromResult<JsonNode?>(new JsonObject { ["n"] = input!["n"]!.GetValue<int>() - 1 }),
        "hang" => Release.Task,
        _ => throw new InvalidOperationException(resource),
    };
}

internal static class Throughput
{
    public static async Task<(long Transitions, TimeSpan Elapsed)> RunAsync(string definition, int turns, int concurrency, string? database)
    {
        await using var engine = await StateMachineEngine.StartAsync(new StateMachineEngineOptions { DatabasePath = database }, new BenchInvoker());
        var machine = await engine.CreateStateMachineAsync("bench", definition, "arn:aws:iam::123456789012:role/bench");
        var input = new JsonObject { ["n"] = turns }.ToJsonString();
        var watch = Stopwatch.StartNew();
        var arns = new List<string>();
        for (var i = 0; i < concurrency; i++)
        {
            arns.Add((await engine.StartExecutionAsync(machine.Arn, $"e{i}", input)).Arn);
        }

        foreach (var arn in arns)
        {
            var done = await engine.WaitForExecutionAsync(arn);
            if (done.Status != ExecutionStatus.Succeeded)
            {
                throw new InvalidOperationException($"{arn}: {done.Status} {done.Error} {done.Cause}");
            }
        }

        watch.Stop();

        // Each turn visits two states; the last turn ends in Succeed instead of looping.
        return ((long)concurrency * (2 * turns + 1), watch.Elapsed);
    }
}

internal static class MemoryPerExecution
{
    public static async Task<long> MeasureAsync(string definition, int count, string? database)
    {
        var invoker = new BenchInvoker();
        await using var engine = await StateMachineEngine.StartAsync(new StateMachineEngineOptions { DatabasePath = database }, invoker);
        var machine = await engine.CreateStateMachineAsync("memory", definition, "arn:aws:iam::123456789012:role/bench");

        // Warm up code paths and caches so only per-execution state is counted.
        await engine.StartExecutionAsync(machine.Arn, "warmup", "{}");
        await Settle(engine, 1);
        var before = Measure();
        for (var i = 0; i < count; i++)
        {
            await engine.StartExecutionAsync(machine.Arn, $"e{i}", "{}");
        }

        await Settle(engine, count + 1);
        var after = Measure();
        invoker.Release.TrySetResult(null);
        return (after - before) / count;
    }

    private static async Task Settle(StateMachineEngine engine, int running)
    {
        // Every execution has reached its blocking state once its history stops growing.
        for (var i = 0; i < 20; i++)
        {
            await Task.Delay(50);
        }

        if (engine.RunningCount != running)
        {
            throw new InvalidOperationException($"expected {running} running, found {engine.RunningCount}");
        }
    }

    private static long Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
