using System.Net;
using System.Text;
using System.Text.Json.Nodes;

using Provisioner.StateMachine.Api;
using Provisioner.StateMachine.Engine;
using Provisioner.StateMachine.Tests.Support;

namespace Provisioner.StateMachine.Tests.Api;

/// <summary>Bodies, fields and page tokens no SDK would send, over HTTP on 127.0.0.1: each a 400 in AWS's error shape.</summary>
public sealed class StepFunctionsApiBadInputTests : IAsyncLifetime
{
    private const string Role = "arn:aws:iam::123456789012:role/test";
    private const string Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";

    private StateMachineEngine _engine = null!;
    private StepFunctionsApiHost _host = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _engine = await StateMachineEngine.StartAsync(new() { Time = Asl.Clock() }, new ScriptedInvoker());
        _host = await StepFunctionsApiHost.StartAsync(_engine, cancellationToken: TestContext.Current.CancellationToken);
        _http = new HttpClient { BaseAddress = _host.Endpoint };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        await _engine.DisposeAsync();
    }

    [Fact]
    public async Task Body_DuplicateProperty_IsSerializationExceptionNamingThePointer()
    {
        var (status, error) = await Call("ListStateMachines", """{"maxResults": 1, "maxResults": 2}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("SerializationException", error["__type"]!.GetValue<string>());
        Assert.Contains("/maxResults: duplicate property", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartExecution_InputWithDuplicateProperty_IsInvalidExecutionInput()
    {
        var arn = await CreateMachine();

        var (status, error) = await Call("StartExecution", new JsonObject { ["stateMachineArn"] = arn, ["input"] = """{"spec":{"a":1,"a":2}}""" }.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidExecutionInput", error["__type"]!.GetValue<string>());
        Assert.Contains("/spec/a: duplicate property", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateStateMachine_DefinitionWithDuplicateProperty_IsInvalidDefinition()
    {
        var definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true},"P":{"Type":"Pass","End":true}}}""";

        var (status, error) = await Call("CreateStateMachine", new JsonObject { ["name"] = "dup", ["definition"] = definition, ["roleArn"] = Role }.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidDefinition", error["__type"]!.GetValue<string>());
        Assert.Contains("/States/P: duplicate property", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("LTE=")] // "-1"
    [InlineData("OTk5OTk5OTk5OTk5OTk5OTk5OTk5")] // a number past int.MaxValue
    [InlineData("YWJj")] // "abc"
    [InlineData("")]
    public async Task ListStateMachines_BadNextToken_IsInvalidToken(string token)
    {
        var (status, error) = await Call("ListStateMachines", new JsonObject { ["nextToken"] = token }.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidToken", error["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListStateMachines_HugeToken_IsEchoedCutShort()
    {
        var (status, error) = await Call("ListStateMachines", new JsonObject { ["nextToken"] = new string('A', 100_000) }.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.InRange(error["message"]!.GetValue<string>().Length, 1, 200);
    }

    [Theory]
    [InlineData("""{"maxResults": "ten"}""", "ValidationException")]
    [InlineData("""{"maxResults": 100000}""", "ValidationException")]
    [InlineData("""{"nextToken": 5}""", "ValidationException")]
    [InlineData("""[1, 2]""", "SerializationException")]
    [InlineData("""{"maxResults": """, "SerializationException")]
    public async Task ListStateMachines_BadParameters_Are400s(string body, string errorType)
    {
        var (status, error) = await Call("ListStateMachines", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(errorType, error["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetExecutionHistory_TokenPastTheEnd_IsAnEmptyPage()
    {
        var arn = await CreateMachine();
        var (_, started) = await Call("StartExecution", new JsonObject { ["stateMachineArn"] = arn }.ToJsonString());
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes("1000"));

        var (status, page) = await Call("GetExecutionHistory", new JsonObject { ["executionArn"] = started["executionArn"]!.GetValue<string>(), ["nextToken"] = token }.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(page["events"]!.AsArray());
    }

    private async Task<string> CreateMachine()
    {
        var (status, created) = await Call("CreateStateMachine", new JsonObject { ["name"] = "ok", ["definition"] = Definition, ["roleArn"] = Role }.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, status);
        return created["stateMachineArn"]!.GetValue<string>();
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> Call(string action, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8, "application/x-amz-json-1.0") };
        request.Headers.Add("X-Amz-Target", "AWSStepFunctions." + action);
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonNode.Parse(text)!);
    }
}
