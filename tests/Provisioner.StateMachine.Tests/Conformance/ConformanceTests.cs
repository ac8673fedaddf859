using System.Globalization;

using Provisioner.StateMachine.Timing;

namespace Provisioner.StateMachine.Tests.Conformance;

/// <summary>
/// Runs every case of <c>Conformance/Fixtures/*.json</c> on the engine's own virtual clock and
/// checks the outcome the AWS documentation gives. Cases listed under a fixture's <c>pending</c>
/// are reported as skipped with their reason (engine bugs, see /work/notes/ENGINE_BUGS.md).
/// </summary>
public sealed class ConformanceTests
{
    /// <summary>The instant every conformance execution starts at.</summary>
    public static readonly DateTimeOffset Epoch = new(2024, 3, 14, 1, 59, 0, 123, TimeSpan.Zero);

    /// <summary>Real time allowed for one execution; virtual time is unbounded.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    /// <summary>Set to 1 to run the pending cases too (to see whether an engine fix made them pass).</summary>
    public const string RunPendingVariable = "PROVISIONER_CONFORMANCE_RUN_PENDING";

    public static TheoryData<string> Cases()
    {
        var runPending = Environment.GetEnvironmentVariable(RunPendingVariable) == "1";
        var data = new TheoryData<string>();
        foreach (var c in ConformanceFixtures.Cases)
        {
            data.Add(new TheoryDataRow<string>(c.Id) { Skip = c.Pending is null || runPending ? null : "pending: " + c.Pending, TestDisplayName = $"{c.Feature}: {c.Name}" });
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task RunAsync_DocumentedExample_MatchesDocumentedOutcome(string id)
    {
        var @case = ConformanceFixtures.Get(id);
        var (outcome, invoker, clock, events) = await RunOnEngineAsync(@case, TestContext.Current.CancellationToken);

        var problems = OutcomeComparer.AgainstExpected(@case.Expected, outcome);
        problems.AddRange(invoker.Problems);
        foreach (var (resource, count) in @case.Expected.Invocations)
        {
            var actual = invoker.Calls.TryGetValue(resource, out var n) ? n : 0;
            if (actual != count)
            {
                problems.Add($"task '{resource}' invoked {actual} times, expected {count}");
            }
        }
        var elapsed = (clock.GetUtcNow() - Epoch).TotalSeconds;
        if (@case.Expected.ElapsedSeconds is { } seconds && Math.Abs(elapsed - seconds) > 0.0005)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"virtual time elapsed {elapsed} s, expected {seconds} s"));
        }
        if (@case.Expected.Events is { } expectedEvents && !expectedEvents.SequenceEqual(events))
        {
            problems.Add($"history events [{string.Join(", ", events)}], expected [{string.Join(", ", expectedEvents)}]");
        }
        Assert.True(problems.Count == 0, $"{@case.Id} ({@case.Source}):\n  " + string.Join("\n  ", problems));
    }

    /// <summary>Runs a case on the engine on a fresh virtual clock with its scripted tasks; returns the history's event types too.</summary>
    public static async Task<(Outcome Outcome, ScriptedTaskInvoker Invoker, VirtualClock Clock, IReadOnlyList<string> Events)> RunOnEngineAsync(ConformanceCase @case, CancellationToken cancellationToken)
    {
        using var clock = new VirtualClock(Epoch);
        var invoker = new ScriptedTaskInvoker(@case.Tasks, clock);
        var run = AslRunner.RunWithHistoryAsync(@case.DefinitionJson, @case.InputJson, invoker, clock, cancellationToken);
        // The clock moves by itself; the guard only turns an engine that stops making progress into a failure.
        var trace = await run.WaitAsync(Guard, cancellationToken);
        return (Outcome.From(trace.Result), invoker, clock, [.. trace.Events.Select(e => e.Type)]);
    }
}
