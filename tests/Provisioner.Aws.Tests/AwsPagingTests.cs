namespace Provisioner.Aws.Tests;

public sealed class AwsPagingTests
{
    private sealed record Page(string[] Items, string? Next);

    [Fact]
    public async Task AllAsync_FollowsTokensUntilNone_PassingEachToken()
    {
        var pages = new Dictionary<string, Page> { [""] = new(["a", "b"], "t1"), ["t1"] = new([], "t2"), ["t2"] = new(["c"], null) };
        var asked = new List<string?>();
        var items = await AwsPaging.AllAsync(
            (token, _) => { asked.Add(token); return Task.FromResult(pages[token ?? ""]); },
            p => p.Items,
            p => p.Next,
            TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["a", "b", "c"], items);
        Assert.Equal([null, "t1", "t2"], asked);
    }

    [Fact]
    public async Task AllAsync_SameTokenTwice_FailsInsteadOfLooping()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await AwsPaging.AllAsync((_, _) => Task.FromResult(new Page(["x"], "again")), p => p.Items, p => p.Next, TestContext.Current.CancellationToken)
                .ToListAsync(TestContext.Current.CancellationToken));
        Assert.Contains("'again' twice", error.Message, StringComparison.Ordinal);
    }
}
