using System.Text.Json.Nodes;
using Provisioner.StateMachine.Tests.Conformance;

namespace Provisioner.StateMachine.Tests.Differential;

/// <summary>
/// Runs every conformance case without Task states (and without long Waits) on moto and on
/// aws-local-stepfunctions once per test run, so each differential test only compares.
/// </summary>
public sealed class DifferentialPeers : IAsyncLifetime
{
    /// <summary>
    /// Guard on the peers' real time. moto needs about 10 s for the batch on an idle machine (its ASL
    /// parser is slow to load and to run) and about a minute on a heavily loaded one.
    /// </summary>
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(5);

    private Task<Dictionary<string, Outcome>>? _moto;
    private Task<Dictionary<string, Outcome>>? _node;

    public static IReadOnlyList<ConformanceCase> Cases { get; } = [.. ConformanceFixtures.Cases.Where(c => c.Differential)];

    public ValueTask InitializeAsync()
    {
        // Both peers run side by side; a failure surfaces in each test that needs that peer.
        var cancellation = new CancellationTokenSource(Budget);
        _moto = MotoPeer.RunAllAsync(Cases, cancellation.Token);
        _node = NodePeer.RunAllAsync(Cases, cancellation.Token);
        _ = Task.WhenAll(_moto, _node).ContinueWith(_ => cancellation.Dispose(), TaskScheduler.Default);
        return ValueTask.CompletedTask;
    }

    public async Task<Outcome> OutcomeAsync(string peer, string caseId)
    {
        var results = peer switch
        {
            MotoPeer.Name => await (_moto ?? throw new InvalidOperationException("not initialized")),
            NodePeer.Name => await (_node ?? throw new InvalidOperationException("not initialized")),
            _ => throw new ArgumentOutOfRangeException(nameof(peer), peer, "unknown peer"),
        };
        return results.TryGetValue(caseId, out var outcome) ? outcome : throw new InvalidOperationException($"{peer} has no outcome for {caseId}.");
    }

    public async ValueTask DisposeAsync()
    {
        // Let both runs finish so moto and node are stopped before the process exits; a failed
        // run was already reported by the tests that awaited it.
        await Task.WhenAll(_moto ?? Task.CompletedTask, _node ?? Task.CompletedTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}

/// <summary>One listed disagreement with a peer, with the AWS documentation that settles it.</summary>
public sealed record KnownDifference(string Case, string Peer, string AwsAgreesWith, string Documentation, string Note)
{
    public static string FilePath => Path.Combine(Repository.Root, "tools", "differential", "known-differences.json");

    public static IReadOnlyList<KnownDifference> Load()
    {
        var root = JsonNode.Parse(File.ReadAllText(FilePath))!.AsObject();
        return [.. root["differences"]!.AsArray().Select(d => new KnownDifference(
            d!["case"]!.GetValue<string>(),
            d["peer"]!.GetValue<string>(),
            d["awsAgreesWith"]!.GetValue<string>(),
            d["documentation"]!.GetValue<string>(),
            d["note"]!.GetValue<string>()))];
    }
}

/// <summary>
/// The same Pass/Choice/Wait/Parallel/Map/intrinsic cases on this engine and on two independent
/// interpreters. A disagreement fails unless tools/differential/known-differences.json lists it with
/// the AWS documentation that decides it; a listed difference that no longer occurs fails too.
/// </summary>
public sealed class DifferentialTests(DifferentialPeers peers) : IClassFixture<DifferentialPeers>
{
    private static readonly string[] PeerNames = [MotoPeer.Name, NodePeer.Name];

    public static TheoryData<string, string> Rows()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in DifferentialPeers.Cases)
        {
            foreach (var peer in PeerNames)
            {
                data.Add(new TheoryDataRow<string, string>(c.Id, peer)
                {
                    Skip = c.Pending is null ? null : "engine pending: " + c.Pending,
                    TestDisplayName = $"{peer} vs engine: {c.Feature}: {c.Name}",
                });
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Peer_SameDefinitionAndInput_AgreesWithEngineUnlessListed(string id, string peer)
    {
        var @case = ConformanceFixtures.Get(id);
        var other = await peers.OutcomeAsync(peer, id);
        var (engine, _, _, _) = await ConformanceTests.RunOnEngineAsync(@case, TestContext.Current.CancellationToken);
        var problems = OutcomeComparer.Between(@case, engine, other);
        var listed = KnownDifference.Load().FirstOrDefault(d => d.Case == id && d.Peer == peer);
        if (listed is null)
        {
            Assert.True(problems.Count == 0,
                $"{id}: {peer} disagrees with the engine ({@case.Source}). Decide with the AWS documentation and either fix the engine " +
                $"or list the difference in {KnownDifference.FilePath}:\n  " + string.Join("\n  ", problems));
        }
        else
        {
            Assert.True(problems.Count > 0,
                $"{id}: listed as a known difference with {peer}, but they agree now (engine {engine}); remove the entry from {KnownDifference.FilePath}.");
        }
    }

    [Fact]
    public void KnownDifferences_EachEntry_NamesADifferentialCaseAPeerAndTheDocumentation()
    {
        var problems = new List<string>();
        var ids = DifferentialPeers.Cases.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        foreach (var d in KnownDifference.Load())
        {
            if (!ids.Contains(d.Case))
            {
                problems.Add($"{d.Case}: no differential case has this id");
            }
            if (!PeerNames.Contains(d.Peer))
            {
                problems.Add($"{d.Case}: peer '{d.Peer}' is not one of {string.Join(", ", PeerNames)}");
            }
            if (d.AwsAgreesWith is not ("engine" or "peer"))
            {
                problems.Add($"{d.Case}: awsAgreesWith must be 'engine' or 'peer', not '{d.AwsAgreesWith}'");
            }
            if (!d.Documentation.StartsWith("https://docs.aws.amazon.com/", StringComparison.Ordinal) && !d.Documentation.StartsWith("https://states-language.net/", StringComparison.Ordinal))
            {
                problems.Add($"{d.Case}: documentation must be an AWS documentation or ASL specification URL, not '{d.Documentation}'");
            }
            if (string.IsNullOrWhiteSpace(d.Note))
            {
                problems.Add($"{d.Case}: note is empty");
            }
            if (!seen.Add((d.Case, d.Peer)))
            {
                problems.Add($"{d.Case}: listed twice for {d.Peer}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
