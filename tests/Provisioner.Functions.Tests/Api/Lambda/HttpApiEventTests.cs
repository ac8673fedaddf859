using System.Text.Json.Nodes;
using Provisioner.Functions.Api.Lambda;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Handlers;
using Provisioner.Functions.Runtime;
using Provisioner.Functions.Tests.Api.Registry;
using Provisioner.Functions.Tests.Runtime;

namespace Provisioner.Functions.Tests.Api.Lambda;

public sealed class HttpApiEventTests(DynamoDbRegistryFixture moto) : IClassFixture<DynamoDbRegistryFixture>
{
    [Theory]
    [InlineData("[provisioner-admins developers]", new[] { "provisioner-admins", "developers" })]
    [InlineData("[]", new string[0])]
    [InlineData("developers", new[] { "developers" })]
    public void Groups_HttpApiArrayClaimString_EveryGroup(string claim, string[] expected) =>
        Assert.Equal(expected, HttpApiEvent.Groups(JsonValue.Create(claim)));

    [Fact]
    public void ToRequest_NoClaims_NoCallerAndHeadersCaseInsensitive()
    {
        var request = HttpApiEvent.ToRequest(JsonNode.Parse("""
            {"version":"2.0","rawPath":"/me","headers":{"content-type":"application/json"},
             "requestContext":{"http":{"method":"GET","path":"/me"}},"isBase64Encoded":true,"body":"e30="}
            """));

        Assert.Null(request.Caller);
        Assert.Equal("application/json", request.Header("Content-Type"));
        Assert.Equal("{}"u8.ToArray(), request.Body.ToArray());
    }

    [Fact]
    public async Task Bootstrap_ApiHandlerWithAPayload20Event_AnswersAsTheHttpApiExpects()
    {
        var table = "prov-lambda-" + Guid.NewGuid().ToString("N")[..8];
        using (var registry = new DynamoDbEnvironmentRegistry(moto.Clients.DynamoDb, table))
        {
            await registry.EnsureTableAsync(TestContext.Current.CancellationToken);
        }
        await using var runtimeApi = await FakeRuntimeApi.StartAsync();
        var variables = new Dictionary<string, string>
        {
            [LambdaRuntimeApi.RuntimeApiVariable] = runtimeApi.HostAndPort,
            [LambdaEntryPoint.HandlerVariable] = ServiceFunctions.ApiHandlerName,
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_ENDPOINT_URL"] = moto.Endpoint,
            [ServiceSettings.TableVariable] = table,
        };
        var posted = runtimeApi.Invoke("""
            {"version":"2.0","routeKey":"GET /me","rawPath":"/me","rawQueryString":"","headers":{"accept":"application/json"},
             "requestContext":{"http":{"method":"GET","path":"/me","protocol":"HTTP/1.1","sourceIp":"127.0.0.1"},
               "authorizer":{"jwt":{"claims":{"sub":"dev-a","cognito:groups":"[provisioner-admins developers]"},"scopes":null}}},
             "isBase64Encoded":false}
            """);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var log = new StringWriter();

        var loop = LambdaEntryPoint.RunAsync(name => variables.GetValueOrDefault(name), FunctionCatalog.Create, TimeProvider.System, log, stop.Token);
        var result = await posted.WaitAsync(TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await loop;

        Assert.False(result.IsError, result.Body);
        var response = JsonNode.Parse(result.Body)!;
        Assert.Equal(200, (int)response["statusCode"]!);
        Assert.Equal("application/json", (string?)response["headers"]!["content-type"]);
        Assert.NotNull(response["headers"]!["date"]);
        var me = JsonNode.Parse((string)response["body"]!)!;
        Assert.Equal("dev-a", (string?)me["owner"]);
        Assert.Equal(["provisioner-admins", "developers"], ((JsonArray)me["groups"]!).Select(g => (string?)g));
        Assert.True((bool)me["admin"]!);
    }

    [Fact]
    public void HandlerTable_Bootstrap_HasTheServiceHandlers()
    {
        HandlerTable table = FunctionCatalog.Create(name => name switch { "AWS_REGION" => "us-east-1", "AWS_ACCESS_KEY_ID" or "AWS_SECRET_ACCESS_KEY" => "test", _ => null });
        Assert.True(table.TryGet(ServiceFunctions.ApiHandlerName, out _));
        Assert.True(table.TryGet(Provisioner.Functions.Api.Status.ExecutionStatusChanged.HandlerName, out _));
    }
}
