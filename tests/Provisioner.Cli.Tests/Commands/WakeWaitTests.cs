using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Provisioner.Functions.Schedules;

namespace Provisioner.Cli.Tests.Commands;

/// <summary>
/// <c>wake --wait</c> against an API on 127.0.0.1 that answers as the service does: it follows WAKING to READY,
/// and ends (exit 1, with the reason) when the wake's checks ran out of budget instead of waiting forever.
/// </summary>
public sealed class WakeWaitTests
{
    [Fact]
    public async Task WakeWait_ChecksRanOutOfBudget_EndsWithExit1AndTheReason()
    {
        var stopped = $"waking: 1 of 2 targets healthy after 60 minutes; {OfficeHoursTransitions.ChecksStopped} (POST /environments/shop-dev/wake checks again)";
        await using var api = FakeApi.Start(["WAKING", "WAKING", "WAKING"], "waking (woken by hand)", stopped);

        var (code, output, error) = await CliRun.InProcessAsync("", "wake", "shop-dev", "--wait", "--api", api.Url, "--token", "t", "--json");

        Assert.True(code == 1, error);
        var environment = JsonNode.Parse(output)!;
        Assert.Equal(("WAKING", stopped), ((string?)environment["status"], (string?)environment["statusReason"]));
        Assert.Equal(2, api.StatusReads); // on past a WAKING still checking, stopped at the first that said the checks had stopped
    }

    [Fact]
    public async Task WakeWait_FollowsWakingToReady_Exit0()
    {
        await using var api = FakeApi.Start(["WAKING", "WAKING", "READY"], "waking (woken by hand)", "awake: 2 of 2 targets healthy");

        var (code, output, error) = await CliRun.InProcessAsync("", "wake", "shop-dev", "--wait", "--api", api.Url, "--token", "t", "--json");

        Assert.True(code == 0, error);
        Assert.Equal("READY", (string?)JsonNode.Parse(output)!["status"]);
        Assert.Equal(2, api.StatusReads);
    }

    /// <summary>
    /// POST /wake answers the first status; each GET of the environment answers the next (the last one with
    /// <c>lastReason</c>, the rest with <c>reason</c>); the events route answers an empty page. A client still asking
    /// after <see cref="MaxReads"/> reads gets a 503, so a wait that never ends fails the test instead of hanging it.
    /// </summary>
    private sealed class FakeApi : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly string[] _statuses;
        private readonly string _reason;
        private readonly string _lastReason;
        private readonly Task _serving;
        private const int MaxReads = 10;
        private int _reads;

        private FakeApi(string[] statuses, string reason, string lastReason)
        {
            _statuses = statuses;
            _reason = reason;
            _lastReason = lastReason;
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _serving = ServeAsync();
        }

        public string Url { get; }

        public int StatusReads => Volatile.Read(ref _reads);

        public static FakeApi Start(string[] statuses, string reason, string lastReason) => new(statuses, reason, lastReason);

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                var path = context.Request.Url!.AbsolutePath;
                JsonObject body;
                if (path.EndsWith("/events", StringComparison.Ordinal))
                {
                    body = new JsonObject { ["events"] = new JsonArray() };
                }
                else
                {
                    var index = path.EndsWith("/wake", StringComparison.Ordinal) ? 0 : Math.Min(Interlocked.Increment(ref _reads), _statuses.Length - 1);
                    body = new JsonObject
                    {
                        ["environmentId"] = "shop-dev",
                        ["status"] = _statuses[index],
                        ["statusReason"] = index == _statuses.Length - 1 ? _lastReason : _reason,
                    };
                }
                var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
                context.Response.StatusCode = path.EndsWith("/wake", StringComparison.Ordinal) ? 202 : StatusReads > MaxReads ? 503 : 200;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _serving;
        }
    }
}
