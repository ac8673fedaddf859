using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Provisioner.Aws.Tests.Http;

/// <summary>A fake AWS endpoint: answers each attempt with the next scripted response (or throws the scripted exception).</summary>
internal sealed class ScriptedHandler(params Func<HttpResponseMessage>[] script) : HttpMessageHandler
{
    private int _next;

    public int Attempts => _next;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var index = Interlocked.Increment(ref _next) - 1;
        if (index >= script.Length)
        {
            throw new InvalidOperationException($"Attempt {index + 1} was not scripted.");
        }
        return Task.FromResult(script[index]());
    }

    public static Func<HttpResponseMessage> QueryError(HttpStatusCode status, string code, string message = "scripted") => () => new HttpResponseMessage(status)
    {
        Content = new StringContent(
            $"<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>req-{code}</RequestId></ErrorResponse>",
            Encoding.UTF8,
            "text/xml"),
    };

    public static Func<HttpResponseMessage> CreateTopicOk(string arn) => () => new HttpResponseMessage(HttpStatusCode.OK)
    {
        Content = new StringContent(
            $"<CreateTopicResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><CreateTopicResult><TopicArn>{arn}</TopicArn></CreateTopicResult><ResponseMetadata><RequestId>ok</RequestId></ResponseMetadata></CreateTopicResponse>",
            Encoding.UTF8,
            "text/xml"),
    };

    public static Func<HttpResponseMessage> Throws(Exception exception) => () => throw exception;
}

/// <summary>
/// Fake time that reports every backoff delay the retry policy schedules, so a test advances exactly that far
/// once the timer exists (no race between "advance" and "timer registered", no real sleeping).
/// </summary>
internal sealed class BackoffClock(TimeSpan attemptTimeout) : FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
{
    private readonly Channel<TimeSpan> _delays = Channel.CreateUnbounded<TimeSpan>();

    public List<TimeSpan> Scheduled { get; } = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        // The per-attempt timeout is a timer too; only backoff delays are of interest.
        if (dueTime != attemptTimeout && dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (Scheduled)
            {
                Scheduled.Add(dueTime);
            }
            _delays.Writer.TryWrite(dueTime);
        }
        return timer;
    }

    /// <summary>Waits until the policy schedules its next backoff delay, then lets exactly that much time pass.</summary>
    public async Task<TimeSpan> ElapseNextBackoffAsync(CancellationToken cancellationToken)
    {
        var delay = await _delays.Reader.ReadAsync(cancellationToken);
        Advance(delay);
        return delay;
    }

    public async Task<TimeSpan> NextBackoffAsync(CancellationToken cancellationToken) => await _delays.Reader.ReadAsync(cancellationToken);
}
