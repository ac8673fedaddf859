using System.Net;
using Amazon.Runtime;
using Polly.Timeout;
using Provisioner.Aws.Http;
using Provisioner.Aws.Protocols;
using Provisioner.Aws.Sns;

namespace Provisioner.Aws.Tests.Http;

public sealed class RetryTests
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromDays(1);
    private const string TopicArn = "arn:aws:sns:us-east-1:123456789012:prov-shop-dev-alerts";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (SnsClient Client, AwsTransport Transport) Client(ScriptedHandler handler, BackoffClock clock, int maxAttempts = 3, double jitter = 1.0)
    {
        var settings = new AwsSettings
        {
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
            EndpointUrl = new Uri("http://127.0.0.1:1/"),
            PrimaryHandler = () => handler,
            TimeProvider = clock,
            Retry = new AwsRetryOptions
            {
                MaxAttempts = maxAttempts,
                BaseDelay = TimeSpan.FromMilliseconds(100),
                ThrottlingBaseDelay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(20),
                AttemptTimeout = AttemptTimeout,
            },
        };
        var transport = new AwsTransport(settings, () => jitter);
        return (new SnsClient(transport), transport);
    }

    [Fact]
    public async Task Throttled_TwiceThenSuccess_RetriesWithExponentialThrottlingBackoff()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.QueryError(HttpStatusCode.BadRequest, "Throttling"),
            ScriptedHandler.QueryError(HttpStatusCode.BadRequest, "Throttling"),
            ScriptedHandler.CreateTopicOk(TopicArn));
        var clock = new BackoffClock(AttemptTimeout);
        var (sns, transport) = Client(handler, clock);
        using var _ = transport;

        var call = sns.CreateTopicAsync("prov-shop-dev-alerts", cancellationToken: Ct);
        Assert.Equal(TimeSpan.FromMilliseconds(500), await clock.ElapseNextBackoffAsync(Ct));
        Assert.Equal(TimeSpan.FromMilliseconds(1000), await clock.ElapseNextBackoffAsync(Ct));

        Assert.Equal(TopicArn, await call);
        Assert.Equal(3, handler.Attempts);
    }

    [Fact]
    public async Task ServerError_ThenSuccess_RetriesWithBaseDelay()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.QueryError(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable"),
            ScriptedHandler.CreateTopicOk(TopicArn));
        var clock = new BackoffClock(AttemptTimeout);
        var (sns, transport) = Client(handler, clock);
        using var _ = transport;

        var call = sns.CreateTopicAsync("prov-shop-dev-alerts", cancellationToken: Ct);
        Assert.Equal(TimeSpan.FromMilliseconds(100), await clock.ElapseNextBackoffAsync(Ct));
        Assert.Equal(TopicArn, await call);
        Assert.Equal(2, handler.Attempts);
    }

    [Fact]
    public async Task TransportFailure_ThenSuccess_IsRetried()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.Throws(new HttpRequestException("connection reset")),
            ScriptedHandler.CreateTopicOk(TopicArn));
        var clock = new BackoffClock(AttemptTimeout);
        var (sns, transport) = Client(handler, clock);
        using var _ = transport;

        var call = sns.CreateTopicAsync("prov-shop-dev-alerts", cancellationToken: Ct);
        await clock.ElapseNextBackoffAsync(Ct);
        Assert.Equal(TopicArn, await call);
        Assert.Equal(2, handler.Attempts);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "ValidationError")]
    [InlineData(HttpStatusCode.BadRequest, "InvalidParameter")]
    [InlineData(HttpStatusCode.NotFound, "NotFound")]
    [InlineData(HttpStatusCode.Forbidden, "AuthorizationError")]
    public async Task ClientError_IsNeverRetried(HttpStatusCode status, string code)
    {
        var handler = new ScriptedHandler(ScriptedHandler.QueryError(status, code, "bad input"), ScriptedHandler.CreateTopicOk(TopicArn));
        var clock = new BackoffClock(AttemptTimeout);
        var (sns, transport) = Client(handler, clock);
        using var _ = transport;

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sns.CreateTopicAsync("prov-shop-dev-alerts", cancellationToken: Ct));
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal("bad input", error.ErrorMessage);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal($"req-{code}", error.RequestId);
        Assert.Equal("CreateTopic", error.Action);
        Assert.Equal("sns", error.Service);
        Assert.Equal(1, handler.Attempts);
        Assert.Empty(clock.Scheduled);
    }

    [Fact]
    public async Task AlwaysFailing_StopsAtMaxAttempts_WithTheLastError()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.QueryError(HttpStatusCode.InternalServerError, "InternalFailure"),
            ScriptedHandler.QueryError(HttpStatusCode.InternalServerError, "InternalFailure"),
            ScriptedHandler.QueryError(HttpStatusCode.InternalServerError, "InternalFailure"),
            ScriptedHandler.QueryError(HttpStatusCode.InternalServerError, "InternalFailure"),
            ScriptedHandler.CreateTopicOk(TopicArn));
        var clock = new BackoffClock(AttemptTimeout);
        var (sns, transport) = Client(handler, clock, maxAttempts: 4);
        using var _ = transport;

        var call = sns.CreateTopicAsync("prov-shop-dev-alerts", cancellationToken: Ct);
        for (var i = 0; i < 3; i++)
        {
            await clock.ElapseNextBackoffAsync(Ct);
        }
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => call);
        Assert.Equal("InternalFailure", error.ErrorCode);
        Assert.True(error.IsServerError);
        Assert.Equal(4, handler.Attempts);
        Assert.Equal([100, 200, 400], clock.Scheduled.Select(d => d.TotalMilliseconds));
    }

    [Fact]
    public async Task Cancellation_DuringBackoff_StopsWithoutAnotherAttempt()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.QueryError(HttpStatusCode.BadRequest, "ThrottlingException"),
            ScriptedHandler.CreateTopicOk(TopicArn));
        var clock = new BackoffClock(AttemptTimeout);
        var (sns, transport) = Client(handler, clock);
        using var _ = transport;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = sns.CreateTopicAsync("prov-shop-dev-alerts", cancellationToken: cts.Token);
        await clock.NextBackoffAsync(Ct);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, handler.Attempts);
    }

    [Fact]
    public async Task Cancellation_BeforeTheCall_SendsNothing()
    {
        var handler = new ScriptedHandler(ScriptedHandler.CreateTopicOk(TopicArn));
        var (sns, transport) = Client(handler, new BackoffClock(AttemptTimeout));
        using var _ = transport;
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sns.CreateTopicAsync("prov-shop-dev-alerts", cancellationToken: cts.Token));
        Assert.Equal(0, handler.Attempts);
    }

    [Fact]
    public async Task Jitter_ScalesTheDelay_FullJitter()
    {
        var handler = new ScriptedHandler(
            ScriptedHandler.QueryError(HttpStatusCode.BadRequest, "RequestLimitExceeded"),
            ScriptedHandler.CreateTopicOk(TopicArn));
        var clock = new BackoffClock(AttemptTimeout);
        var (sns, transport) = Client(handler, clock, jitter: 0.25);
        using var _ = transport;

        var call = sns.CreateTopicAsync("prov-shop-dev-alerts", cancellationToken: Ct);
        Assert.Equal(TimeSpan.FromMilliseconds(125), await clock.ElapseNextBackoffAsync(Ct));
        Assert.Equal(TopicArn, await call);
    }

    [Fact]
    public void Build_ZeroAttempts_IsRejectedNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => AwsRetryPipeline.Build(new AwsRetryOptions { MaxAttempts = 0 }, TimeProvider.System));
        Assert.Contains("MaxAttempts must be at least 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneAttempt_DisablesRetries()
    {
        var handler = new ScriptedHandler(ScriptedHandler.QueryError(HttpStatusCode.BadRequest, "Throttling"), ScriptedHandler.CreateTopicOk(TopicArn));
        var clock = new BackoffClock(AttemptTimeout);
        var (sns, transport) = Client(handler, clock, maxAttempts: 1);
        using var _ = transport;

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => sns.CreateTopicAsync("prov-shop-dev-alerts", cancellationToken: Ct));
        Assert.True(error.IsThrottling);
        Assert.Equal(1, handler.Attempts);
    }

    [Theory]
    [InlineData(0, 1.0, 100)]
    [InlineData(3, 1.0, 800)]
    [InlineData(10, 1.0, 20_000)]
    [InlineData(40, 1.0, 20_000)]
    [InlineData(3, 0.5, 400)]
    [InlineData(5, 0.0, 0)]
    public void FullJitter_IsRandomTimesCappedExponential(int attempt, double random, double expectedMs)
    {
        var delay = AwsRetryPipeline.FullJitter(attempt, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(20), () => random);
        Assert.Equal(expectedMs, delay.TotalMilliseconds, 6);
    }

    [Fact]
    public void IsRetryable_ClassifiesFailures()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        static AwsServiceException Aws(HttpStatusCode status, string code) => new("sns", "X", code, null, status, null);

        Assert.True(AwsRetryPipeline.IsRetryable(Aws(HttpStatusCode.BadRequest, "Throttling"), CancellationToken.None));
        Assert.True(AwsRetryPipeline.IsRetryable(Aws(HttpStatusCode.TooManyRequests, "TooManyRequestsException"), CancellationToken.None));
        Assert.True(AwsRetryPipeline.IsRetryable(Aws(HttpStatusCode.BadGateway, "Unknown"), CancellationToken.None));
        Assert.True(AwsRetryPipeline.IsRetryable(new HttpRequestException("reset"), CancellationToken.None));
        Assert.True(AwsRetryPipeline.IsRetryable(new TimeoutRejectedException(), CancellationToken.None));
        Assert.True(AwsRetryPipeline.IsRetryable(new TaskCanceledException(), CancellationToken.None));
        Assert.False(AwsRetryPipeline.IsRetryable(new TaskCanceledException(), cancelled.Token));
        Assert.False(AwsRetryPipeline.IsRetryable(Aws(HttpStatusCode.BadRequest, "ValidationError"), CancellationToken.None));
        Assert.False(AwsRetryPipeline.IsRetryable(Aws(HttpStatusCode.NotFound, "ResourceNotFoundException"), CancellationToken.None));
        Assert.False(AwsRetryPipeline.IsRetryable(new FormatException(), CancellationToken.None));
    }
}
