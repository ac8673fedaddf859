using System.Text.Json.Nodes;
using static Provisioner.Functions.Tests.Api.ApiHarness;

namespace Provisioner.Functions.Tests.Api;

public sealed class ProvisionerApiTests
{
    private readonly ApiHarness _h = new();

    [Theory]
    [InlineData("GET", "/me")]
    [InlineData("GET", "/environments")]
    [InlineData("POST", "/environments")]
    [InlineData("GET", "/environments/shop-dev")]
    [InlineData("DELETE", "/environments/shop-dev")]
    [InlineData("POST", "/environments/shop-dev/retry")]
    [InlineData("POST", "/environments/shop-dev/extend")]
    [InlineData("GET", "/environments/shop-dev/events")]
    public async Task HandleAsync_ProtectedRouteWithoutCaller_UnauthorizedWithBearerChallenge(string method, string path)
    {
        var response = await _h.SendAsync(method, path, caller: null, "{}"u8.ToArray());

        Assert.Equal(401, response.Status);
        Assert.Equal("Bearer", response.Headers["WWW-Authenticate"]);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task HandleAsync_OpenApiWithoutCaller_TheCommittedDocument()
    {
        var response = await _h.SendAsync("GET", "/openapi.json", caller: null);

        Assert.Equal(200, response.Status);
        var committed = File.ReadAllText(Path.Combine(Provisioner.Functions.Tests.Runtime.PublishedBootstrap.RepositoryRoot(), "src/Functions/Api/openapi.json"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(committed), Json(response)));
        Assert.Equal("3.1.0", (string?)Json(response)["openapi"]);
    }

    [Fact]
    public async Task HandleAsync_Root_PortalPageOrNotFoundProblemWithoutCaller()
    {
        var response = await _h.SendAsync("GET", "/", caller: null);

        var hasPortal = File.Exists(Path.Combine(Provisioner.Functions.Tests.Runtime.PublishedBootstrap.RepositoryRoot(), "src/Functions/Api/Portal/index.html"));
        Assert.Equal(hasPortal ? 200 : 404, response.Status);
    }

    [Fact]
    public async Task HandleAsync_PortalPathTraversal_NotFound() =>
        Assert.Equal(404, (await _h.Api.HandleAsync(new() { Method = "GET", Path = "/portal/..%2Fopenapi.json" }, Ct)).Status);

    [Fact]
    public async Task HandleAsync_AnyResponse_DateHeaderOnTheServiceClock()
    {
        _h.Time.Advance(TimeSpan.FromHours(5));
        var response = await _h.SendAsync("GET", "/me", DevA);
        Assert.Equal("Tue, 01 Dec 2026 14:00:00 GMT", response.Headers["Date"]);
    }

    [Fact]
    public async Task HandleAsync_UnknownRouteAndWrongMethod_NotFoundAndMethodNotAllowed()
    {
        Assert.Equal(404, (await _h.Api.HandleAsync(new() { Method = "GET", Path = "/nope", Caller = DevA }, Ct)).Status);
        Assert.Equal(405, (await _h.Api.HandleAsync(new() { Method = "PUT", Path = "/environments", Caller = DevA }, Ct)).Status);
    }

    [Fact]
    public async Task Me_WithEnvironments_OwnerGroupsAndQuotaUse()
    {
        await _h.PostAsync("/environments", Spec(max: 4), DevB);

        var me = Json(await _h.SendAsync("GET", "/me", DevB));

        Assert.Equal("dev-b", (string?)me["owner"]);
        Assert.Equal("developers", (string?)me["groups"]![0]);
        Assert.Equal(1, (int)me["quotas"]![0]!["used"]!);
        Assert.Equal(4, (int)me["quotas"]![1]!["used"]!);
        Assert.Equal(12, (int)me["quotas"]![1]!["limit"]!);
    }

    [Fact]
    public void OpenApiContract_ResponseMissingARequiredField_Fails()
    {
        var response = Provisioner.Functions.Api.Http.ApiResponse.Of(200, new JsonObject { ["owner"] = "x", ["groups"] = new JsonArray(), ["quotas"] = new JsonArray() });
        Assert.Contains(OpenApiContract.Check("GET", "/me", response), e => e.Contains("'admin'", StringComparison.Ordinal));
        Assert.NotEmpty(OpenApiContract.Check("GET", "/me", response with { Status = 418 }));
    }
}
