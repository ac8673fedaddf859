using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Time.Testing;
using Provisioner.Core.Steps;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Runtime;

namespace Provisioner.Functions.Tests.Runtime;

public sealed class LambdaBootstrapTests : IAsyncLifetime
{
    private FakeRuntimeApi _api = null!;
    private HttpClient _http = null!;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public async ValueTask InitializeAsync()
    {
        _api = await FakeRuntimeApi.StartAsync();
        _http = LambdaRuntimeApi.CreateHttpClient(_api.HostAndPort);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Invocation_HandlerResult_IsPostedAsTheResponse()
    {
        var bootstrap = Bootstrap(Handler("Echo.Run", (input, _) => Task.FromResult(new Greeting($"hello {input.Name}"))));
        var posted = _api.Invoke("""{"name":"lab"}""");

        await RunUntil(bootstrap, posted);

        var result = await posted;
        Assert.False(result.IsError);
        Assert.Equal("hello lab", JsonNode.Parse(result.Body)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task StepFailure_IsReportedWithItsErrorName()
    {
        var bootstrap = Bootstrap(Handler("Fail.Run", (_, _) =>
            Task.FromException<Greeting>(new StepFailedException(StepErrors.Rejected, "the subnet is in another VPC"))));
        var posted = _api.Invoke("""{"name":"x"}""");

        await RunUntil(bootstrap, posted);

        var result = await posted;
        Assert.True(result.IsError);
        Assert.Equal(StepErrors.Rejected, result.ErrorTypeHeader);
        var error = JsonNode.Parse(result.Body)!;
        Assert.Equal(StepErrors.Rejected, error["errorType"]!.GetValue<string>());
        Assert.Equal("the subnet is in another VPC", error["errorMessage"]!.GetValue<string>());
        Assert.Empty(Assert.IsType<JsonArray>(error["stackTrace"]));
    }

    [Fact]
    public async Task UnexpectedException_StackTraceGoesToTheLogNotTheCause()
    {
        using var log = new StringWriter();
        var bootstrap = new LambdaBootstrap(new LambdaRuntimeApi(_http), Handler("Boom.Run", (_, _) => Throw()), _time, log);
        var posted = _api.Invoke("""{"name":"x"}""");

        await RunUntil(bootstrap, posted);

        var result = await posted;
        Assert.DoesNotContain(nameof(Throw), result.Body, StringComparison.Ordinal);
        Assert.Empty(JsonNode.Parse(result.Body)!["stackTrace"]!.AsArray());
        Assert.Contains(nameof(Throw), log.ToString(), StringComparison.Ordinal);

        static async Task<Greeting> Throw()
        {
            await Task.Yield();
            throw new InvalidOperationException("boom");
        }
    }

    [Fact]
    public async Task LongMessage_IsCutToAReadableLength()
    {
        var bootstrap = Bootstrap(Handler("Long.Run", (_, _) =>
            Task.FromException<Greeting>(new StepFailedException(StepErrors.Rejected, new string('x', 100_000)))));
        var posted = _api.Invoke("""{"name":"x"}""");

        await RunUntil(bootstrap, posted);

        var message = JsonNode.Parse((await posted).Body)!["errorMessage"]!.GetValue<string>();
        Assert.InRange(message.Length, 1, LambdaErrors.MaxMessageLength + 40);
        Assert.EndsWith("(100000 characters)", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"a","name":"b"}""", "/name: duplicate property")]
    [InlineData("""{"spec":{"source":{"amiId":"ami-1","amiId":"ami-2"}}}""", "/spec/source/amiId: duplicate property")]
    [InlineData("""{"name": """, "the event is not JSON")]
    [InlineData("not json", "the event is not JSON")]
    public async Task UnusableEvent_IsBadInputNamingTheField(string payload, string expected)
    {
        var bootstrap = Bootstrap(Handler("Echo.Run", (input, _) => Task.FromResult(new Greeting(input.Name))));
        var posted = _api.Invoke(payload);

        await RunUntil(bootstrap, posted);

        var result = await posted;
        Assert.True(result.IsError);
        Assert.Equal(StepErrors.BadInput, result.ErrorTypeHeader);
        Assert.Contains(expected, JsonNode.Parse(result.Body)!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnexpectedException_IsNamedAfterItsType()
    {
        var bootstrap = Bootstrap(Handler("Boom.Run", (_, _) => Task.FromException<Greeting>(new InvalidOperationException("boom"))));
        var posted = _api.Invoke("""{"name":"x"}""");

        await RunUntil(bootstrap, posted);

        var result = await posted;
        Assert.True(result.IsError);
        Assert.Equal("InvalidOperationException", JsonNode.Parse(result.Body)!["errorType"]!.GetValue<string>());
    }

    [Fact]
    public async Task InputNotMatchingTheContract_IsBadInput()
    {
        var bootstrap = Bootstrap(Handler("Echo.Run", (input, _) => Task.FromResult(new Greeting(input.Name))));
        var posted = _api.Invoke("""{"name":42}""");

        await RunUntil(bootstrap, posted);

        var result = await posted;
        Assert.True(result.IsError);
        Assert.Equal(StepErrors.BadInput, result.ErrorTypeHeader);
        Assert.Contains("Echo.Run", JsonNode.Parse(result.Body)!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadline_CancelsTheHandlerBeforeLambdaWould_AndReportsTransient()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bootstrap = Bootstrap(Handler("Slow.Run", async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, ct);
            return new Greeting("never");
        }));
        var posted = _api.Invoke("""{"name":"x"}""", deadline: _time.GetUtcNow().AddSeconds(30));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var loop = bootstrap.RunAsync(stop.Token);
        await started.Task.WaitAsync(TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(30) - LambdaBootstrap.DeadlineMargin);

        var result = await posted.WaitAsync(TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
        Assert.True(result.IsError);
        Assert.Equal(StepErrors.Transient, JsonNode.Parse(result.Body)!["errorType"]!.GetValue<string>());
        Assert.Contains("deadline", JsonNode.Parse(result.Body)!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntryPoint_UnknownHandler_ReportsAnInitErrorAndExits1()
    {
        var variables = new Dictionary<string, string>
        {
            [LambdaRuntimeApi.RuntimeApiVariable] = _api.HostAndPort,
            [LambdaEntryPoint.HandlerVariable] = "Nope.Run",
        };
        using var log = new StringWriter();

        var exit = await LambdaEntryPoint.RunAsync(
            name => variables.GetValueOrDefault(name),
            _ => new HandlerTable([Handler("Echo.Run", (i, _) => Task.FromResult(new Greeting(i.Name)))]),
            _time, log, TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        var initError = await _api.InitError.WaitAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Nope.Run", initError.Body, StringComparison.Ordinal);
        Assert.Contains("Echo.Run", initError.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EntryPoint_WithoutRuntimeApi_ExplainsAndExits1()
    {
        using var log = new StringWriter();

        var exit = await LambdaEntryPoint.RunAsync(_ => null, _ => new HandlerTable([]), _time, log, TestContext.Current.CancellationToken);

        Assert.Equal(1, exit);
        Assert.Contains(LambdaRuntimeApi.RuntimeApiVariable, log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HandlerTable_RejectsTwoHandlersWithOneName()
    {
        var handler = Handler("Echo.Run", (i, _) => Task.FromResult(new Greeting(i.Name)));

        var error = Assert.Throws<ArgumentException>(() => new HandlerTable([handler, handler]));

        Assert.Contains("Echo.Run", error.Message, StringComparison.Ordinal);
    }

    private LambdaBootstrap Bootstrap(IFunctionHandler handler) => new(new LambdaRuntimeApi(_http), handler, _time);

    private static FunctionHandler<Person, Greeting> Handler(string name, Func<Person, CancellationToken, Task<Greeting>> run) =>
        new(name, TestJsonContext.Default.Person, TestJsonContext.Default.Greeting, run);

    private static async Task RunUntil(LambdaBootstrap bootstrap, Task<PostedResult> posted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var loop = bootstrap.RunAsync(stop.Token);
        await posted.WaitAsync(TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
    }
}

public sealed record Person(string Name);

public sealed record Greeting(string Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Person))]
[JsonSerializable(typeof(Greeting))]
internal sealed partial class TestJsonContext : JsonSerializerContext;
