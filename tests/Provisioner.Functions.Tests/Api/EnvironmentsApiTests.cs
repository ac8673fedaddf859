using System.Text;
using System.Text.Json.Nodes;
using Provisioner.Aws.StepFunctions;
using Provisioner.Functions.Api;
using Provisioner.Functions.Api.Http;
using Provisioner.Functions.Api.Registry;
using static Provisioner.Functions.Tests.Api.ApiHarness;

namespace Provisioner.Functions.Tests.Api;

public sealed class EnvironmentsApiTests
{
    private readonly ApiHarness _h = new();

    [Fact]
    public async Task Create_ValidSpec_AcceptedWithLocationAndProvisionStartedWithTheNormalizedSpec()
    {
        var response = await _h.PostAsync("/environments", Spec(ttlHours: 24), DevA);

        Assert.Equal(202, response.Status);
        Assert.Equal("/environments/shop-dev", response.Headers["Location"]);
        var body = Json(response);
        Assert.Equal("CREATING", (string?)body["status"]);
        Assert.Equal("dev-a", (string?)body["createdBy"]);
        Assert.Equal("2026-12-02T09:00:00.000Z", (string?)body["expiresAt"]);
        Assert.Equal(["shop-dev-g1-provision-1"], _h.Workflows.Starts);
        var input = JsonNode.Parse(_h.Workflows.InputOf("shop-dev-g1-provision-1"))!;
        Assert.Equal(5000, (int)input["spec"]!["app"]!["port"]!);
    }

    [Fact]
    public async Task Create_SameIdSameSpecAgain_SameEnvironmentNothingNewStarted()
    {
        await _h.PostAsync("/environments", Spec(), DevA);
        var again = await _h.PostAsync("/environments", Spec(), DevA);

        Assert.Equal(202, again.Status);
        Assert.Equal("shop-dev-g1-provision-1", _h.Workflows.Executions.Single());
        Assert.Single(_h.Memory.All);
        await _h.FinishAsync("shop-dev", ExecutionStatus.Succeeded);
        Assert.Equal(200, (await _h.PostAsync("/environments", Spec(), DevA)).Status);
    }

    [Fact]
    public async Task Create_SameIdDifferentSpec_ConflictEnvironmentExists()
    {
        await _h.PostAsync("/environments", Spec(max: 3), DevA);
        var response = await _h.PostAsync("/environments", Spec(max: 2), DevA);

        Assert.Equal(409, response.Status);
        Assert.EndsWith("environment-exists", (string?)Json(response)["type"]);
    }

    [Fact]
    public async Task Create_IdAnotherOwnerHolds_ConflictWithoutDetails()
    {
        await _h.PostAsync("/environments", Spec(), DevA);
        var response = await _h.PostAsync("/environments", Spec(), DevB);

        Assert.Equal(409, response.Status);
        Assert.DoesNotContain("dev-a", response.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("CREATING", response.BodyText, StringComparison.Ordinal);
        Assert.Single(_h.Workflows.Starts);
    }

    [Fact]
    public async Task Create_InvalidSpec_BadRequestWithEveryFieldErrorAsTheValidatorGivesThem()
    {
        var spec = Spec();
        spec["environmentId"] = "X";
        spec["scaling"]!["max"] = -1;
        spec["owner"] = "someone";
        var response = await _h.PostAsync("/environments", spec, DevA);

        Assert.Equal(400, response.Status);
        var expected = _h.Api.Validator.Validate(spec.ToJsonString()).Errors;
        var errors = (JsonArray)Json(response)["errors"]!;
        Assert.Equal(expected.Select(e => e.Pointer), errors.Select(e => (string?)e!["pointer"]));
        Assert.Equal(expected.Select(e => e.Rule), errors.Select(e => (string?)e!["rule"]));
        Assert.Contains(errors, e => (string?)e!["pointer"] == "/owner");
        Assert.Empty(_h.Memory.All);
    }

    [Fact]
    public async Task Create_DuplicateKey_BadRequestNamingTheProperty()
    {
        var body = Encoding.UTF8.GetBytes("""{"environmentId":"shop-dev","scaling":{"max":3,"max":4}}""");
        var response = await _h.SendAsync("POST", "/environments", DevA, body);

        Assert.Equal(400, response.Status);
        Assert.Equal("/scaling/max", (string?)Json(response)["errors"]![0]!["pointer"]);
    }

    [Fact]
    public async Task Create_BodyOver256KB_PayloadTooLarge()
    {
        var response = await _h.SendAsync("POST", "/environments", DevA, new byte[(256 * 1024) + 1]);
        Assert.Equal(413, response.Status);
    }

    [Fact]
    public async Task Create_NotJson_UnsupportedMediaType()
    {
        var response = await _h.SendAsync("POST", "/environments", DevA, "environmentId=x"u8.ToArray(), "application/x-www-form-urlencoded");
        Assert.Equal(415, response.Status);
    }

    [Fact]
    public async Task Create_WithoutNetworkAndADeploymentDefault_TakesTheDefaultNetwork()
    {
        var h = new ApiHarness(new ApiOptions { DefaultVpcId = "vpc-0def0123456789abc", DefaultSubnetIds = ["subnet-0a1b2c3d4e5f60003", "subnet-0a1b2c3d4e5f60004"] });
        var spec = Spec();
        spec.Remove("network");

        var response = await h.PostAsync("/environments", spec, DevA);

        Assert.Equal(202, response.Status);
        Assert.Equal("vpc-0def0123456789abc", (string?)Json(response)["spec"]!["network"]!["vpcId"]);
    }

    [Fact]
    public async Task Create_ExactlyAtTheActiveQuota_AcceptedAndOnePastRefusedNamingTheQuota()
    {
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(202, (await _h.PostAsync("/environments", Spec($"env-{i}", max: 1), DevA)).Status);
        }
        var response = await _h.PostAsync("/environments", Spec("env-4", max: 1), DevA);

        Assert.Equal(409, response.Status);
        var body = Json(response);
        Assert.EndsWith("quota-exceeded", (string?)body["type"]);
        Assert.Equal("activeEnvironments", (string?)body["quota"]);
        Assert.Equal(3, (int)body["limit"]!);
        Assert.Equal(3, (int)body["used"]!);
        Assert.Equal(3, _h.Workflows.Starts.Count);
        Assert.Equal(202, (await _h.PostAsync("/environments", Spec("env-4", max: 1), DevB)).Status);
    }

    [Fact]
    public async Task Create_ScalingSumExactlyAtTheQuota_AcceptedAndOnePastRefused()
    {
        Assert.Equal(202, (await _h.PostAsync("/environments", Spec("big-one", max: 10), DevA)).Status);
        Assert.Equal(202, (await _h.PostAsync("/environments", Spec("big-two", max: 2), DevA)).Status);
        await _h.FinishAsync("big-two", ExecutionStatus.Failed, "CreateAsg.Failed");

        var response = await _h.PostAsync("/environments", Spec("big-three", max: 3), DevA);

        Assert.Equal(409, response.Status);
        Assert.Equal("scalingMax", (string?)Json(response)["quota"]);
        Assert.Equal(10, (int)Json(response)["used"]!);
        Assert.Equal(202, (await _h.PostAsync("/environments", Spec("big-three", max: 2), DevA)).Status);
    }

    [Fact]
    public async Task Create_FailedIdAgain_NextGenerationStarted()
    {
        await _h.PostAsync("/environments", Spec(), DevA);
        await _h.FinishAsync("shop-dev", ExecutionStatus.Failed, "CreateAlb.Failed");

        var response = await _h.PostAsync("/environments", Spec(max: 2), DevA);

        Assert.Equal(202, response.Status);
        Assert.Equal(2, (int)Json(response)["generation"]!);
        Assert.Equal("shop-dev-g2-provision-1", _h.Workflows.Starts[^1]);
    }

    [Fact]
    public async Task Get_OwnEnvironment_OkAndAnotherOwnersNotFound()
    {
        await _h.PostAsync("/environments", Spec(), DevA);

        Assert.Equal(200, (await _h.SendAsync("GET", "/environments/shop-dev", DevA)).Status);
        Assert.Equal(200, (await _h.SendAsync("GET", "/environments/shop-dev", Admin)).Status);
        var other = await _h.SendAsync("GET", "/environments/shop-dev", DevB);
        var unknown = await _h.SendAsync("GET", "/environments/nothing-here", DevB);
        Assert.Equal(404, other.Status);
        Assert.Equal(Json(unknown)["title"]!.ToJsonString(), Json(other)["title"]!.ToJsonString());
    }

    [Theory]
    [InlineData("GET", "/environments/shop-dev")]
    [InlineData("DELETE", "/environments/shop-dev")]
    [InlineData("POST", "/environments/shop-dev/retry")]
    [InlineData("POST", "/environments/shop-dev/extend")]
    [InlineData("GET", "/environments/shop-dev/events")]
    public async Task EveryIdRoute_AnotherOwnersEnvironment_NotFoundAndUntouched(string method, string path)
    {
        await _h.PostAsync("/environments", Spec(ttlHours: 10), DevA);
        await _h.FinishAsync("shop-dev", ExecutionStatus.Failed, "CreateAlb.Failed");
        var before = await _h.Registry.GetAsync("shop-dev", Ct);

        var response = await _h.SendAsync(method, path, DevB, """{"hours":1}"""u8.ToArray());

        Assert.Equal(404, response.Status);
        Assert.Equal(before, await _h.Registry.GetAsync("shop-dev", Ct));
        Assert.Single(_h.Workflows.Starts);
    }

    [Fact]
    public async Task List_OwnersSeeTheirsAdminsAllAndFilterByOwnerAndStatus()
    {
        await _h.PostAsync("/environments", Spec("env-a"), DevA);
        await _h.PostAsync("/environments", Spec("env-b"), DevB);
        await _h.FinishAsync("env-b", ExecutionStatus.Succeeded);

        Assert.Equal(["env-a"], Ids(await _h.SendAsync("GET", "/environments", DevA)));
        Assert.Equal(["env-a"], Ids(await _h.SendAsync("GET", "/environments", DevA, query: Query("owner", "dev-b"))));
        Assert.Equal(["env-a", "env-b"], Ids(await _h.SendAsync("GET", "/environments", Admin)));
        Assert.Equal(["env-b"], Ids(await _h.SendAsync("GET", "/environments", Admin, query: Query("owner", "dev-b"))));
        Assert.Equal(["env-b"], Ids(await _h.SendAsync("GET", "/environments", Admin, query: Query("status", "READY"))));
    }

    [Fact]
    public async Task List_DeletedOnes_OnlyWhenAskedFor()
    {
        await _h.PostAsync("/environments", Spec("env-a"), DevA);
        await _h.FinishAsync("env-a", ExecutionStatus.Failed, "X");
        await _h.SendAsync("DELETE", "/environments/env-a", DevA);

        Assert.Empty(Ids(await _h.SendAsync("GET", "/environments", DevA)));
        Assert.Equal(["env-a"], Ids(await _h.SendAsync("GET", "/environments", DevA, query: Query("status", "DELETED"))));
    }

    [Fact]
    public async Task List_MorePagesThanTheLimit_EveryItemOnceThroughNextToken()
    {
        foreach (var id in (string[])["env-c", "env-a", "env-b"])
        {
            await _h.PostAsync("/environments", Spec(id, max: 1), DevA);
        }
        var seen = new List<string?>();
        string? token = null;
        do
        {
            var query = new Dictionary<string, string> { ["limit"] = "2" };
            if (token is not null)
            {
                query["nextToken"] = token;
            }
            var page = await _h.SendAsync("GET", "/environments", DevA, query: query);
            seen.AddRange(Ids(page));
            token = (string?)Json(page)["nextToken"];
        }
        while (token is not null);
        Assert.Equal(["env-a", "env-b", "env-c"], seen);
    }

    [Fact]
    public async Task List_UnknownStatusOrBadLimit_BadRequestNamingTheParameter()
    {
        var response = await _h.SendAsync("GET", "/environments", DevA, query: new Dictionary<string, string> { ["status"] = "GONE", ["limit"] = "0" });

        Assert.Equal(400, response.Status);
        Assert.Equal(["/query/status", "/query/limit"], ((JsonArray)Json(response)["errors"]!).Select(e => (string?)e!["pointer"]));
    }

    [Fact]
    public async Task Delete_Ready_TeardownStartedAndDeletedWhenItSucceeds()
    {
        await _h.PostAsync("/environments", Spec(), DevA);
        await _h.FinishAsync("shop-dev", ExecutionStatus.Succeeded, output: """{"dnsName":"prov-shop-dev-alb.elb.amazonaws.com","resources":{"image":{"imageId":"ami-1"}}}""");
        Assert.Equal("https://prov-shop-dev-alb.elb.amazonaws.com/", (string?)Json(await _h.SendAsync("GET", "/environments/shop-dev", DevA))["url"]);

        var response = await _h.SendAsync("DELETE", "/environments/shop-dev", DevA);

        Assert.Equal(202, response.Status);
        Assert.Equal("DELETING", (string?)Json(response)["status"]);
        Assert.Equal("shop-dev-g1-teardown-1", _h.Workflows.Starts[^1]);
        await _h.FinishAsync("shop-dev", ExecutionStatus.Succeeded);
        Assert.Equal(404, (await _h.SendAsync("DELETE", "/environments/shop-dev", DevA)).Status);
        Assert.Equal(new QuotaUsage(0, 0), await _h.Registry.UsageAsync("dev-a", Ct));
    }

    [Fact]
    public async Task Delete_WhileProvisioning_ProvisionStoppedThenTornDownAndItsLateEventIgnored()
    {
        await _h.PostAsync("/environments", Spec(), DevA);
        var provision = (await _h.Registry.GetAsync("shop-dev", Ct))!.ExecutionArn!;

        var response = await _h.SendAsync("DELETE", "/environments/shop-dev", DevA);

        Assert.Equal(202, response.Status);
        Assert.Equal([provision], _h.Workflows.Stops);
        Assert.Equal(Provisioner.Functions.Api.Status.StatusChangeResult.NotCurrent,
            await _h.Status.ApplyAsync(new(provision, ExecutionStatus.Aborted), Ct));
        Assert.Equal("DELETING", (await _h.Registry.GetAsync("shop-dev", Ct))!.Status);
    }

    [Fact]
    public async Task Delete_Unknown_NotFound() =>
        Assert.Equal(404, (await _h.SendAsync("DELETE", "/environments/nothing-here", DevA)).Status);

    [Fact]
    public async Task Delete_AsAdmin_TearsDownAnotherOwnersEnvironment()
    {
        await _h.PostAsync("/environments", Spec(), DevA);
        await _h.FinishAsync("shop-dev", ExecutionStatus.Succeeded);

        Assert.Equal(202, (await _h.SendAsync("DELETE", "/environments/shop-dev", Admin)).Status);
        Assert.Equal("dev-a", (await _h.Registry.GetAsync("shop-dev", Ct))!.Owner);
    }

    [Fact]
    public async Task Retry_FailedProvision_NextGeneration()
    {
        await _h.PostAsync("/environments", Spec(), DevA);
        await _h.FinishAsync("shop-dev", ExecutionStatus.Failed, "CreateAlb.Failed");

        var response = await _h.SendAsync("POST", "/environments/shop-dev/retry", DevA);

        Assert.Equal(202, response.Status);
        Assert.Equal(2, (int)Json(response)["generation"]!);
        Assert.Equal("shop-dev-g2-provision-1", _h.Workflows.Starts[^1]);
    }

    [Fact]
    public async Task Retry_RollbackFailedTwice_TeardownAttemptsCountUp()
    {
        await _h.PostAsync("/environments", Spec(), DevA);
        await _h.FinishAsync("shop-dev", ExecutionStatus.Failed, "RollbackFailed");
        Assert.Equal("ROLLBACK_FAILED", (await _h.Registry.GetAsync("shop-dev", Ct))!.Status);

        Assert.Equal(202, (await _h.SendAsync("POST", "/environments/shop-dev/retry", DevA)).Status);
        await _h.FinishAsync("shop-dev", ExecutionStatus.Failed, "States.TaskFailed");
        Assert.Equal("DELETE_FAILED", (await _h.Registry.GetAsync("shop-dev", Ct))!.Status);
        Assert.Equal(202, (await _h.SendAsync("POST", "/environments/shop-dev/retry", DevA)).Status);

        Assert.Equal("shop-dev-g1-teardown-2", _h.Workflows.Starts[^1]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(ExecutionStatus.Succeeded)]
    public async Task Retry_NeitherFailedNorAFailedTeardown_Conflict(string? outcome)
    {
        await _h.PostAsync("/environments", Spec(), DevA);
        if (outcome is not null)
        {
            await _h.FinishAsync("shop-dev", outcome);
        }
        var response = await _h.SendAsync("POST", "/environments/shop-dev/retry", DevA);

        Assert.Equal(409, response.Status);
        Assert.Single(_h.Workflows.Starts);
    }

    [Fact]
    public async Task Extend_WithTtl_NewExpiresAtAndBoundedByTheMaximumLifetime()
    {
        var h = new ApiHarness(new ApiOptions { MaxLifetimeHours = 48 });
        await h.PostAsync("/environments", Spec(ttlHours: 24), DevA);

        var extended = await h.SendAsync("POST", "/environments/shop-dev/extend", DevA, """{"hours":24}"""u8.ToArray());
        var beyond = await h.SendAsync("POST", "/environments/shop-dev/extend", DevA, """{"hours":1}"""u8.ToArray());

        Assert.Equal(200, extended.Status);
        Assert.Equal("2026-12-03T09:00:00.000Z", (string?)Json(extended)["expiresAt"]);
        Assert.Equal(400, beyond.Status);
        Assert.Equal("/hours", (string?)Json(beyond)["errors"]![0]!["pointer"]);
    }

    [Fact]
    public async Task Extend_BeyondTheMaximumLifetime_AllowedForAnAdminOnly()
    {
        var h = new ApiHarness(new ApiOptions { MaxLifetimeHours = 48 });
        await h.PostAsync("/environments", Spec(ttlHours: 24), DevA);

        var owner = await h.SendAsync("POST", "/environments/shop-dev/extend", DevA, """{"hours":100}"""u8.ToArray());
        var admin = await h.SendAsync("POST", "/environments/shop-dev/extend", Admin, """{"hours":100}"""u8.ToArray());

        Assert.Equal(400, owner.Status);
        Assert.Contains("maximum lifetime of 48 hours", (string?)Json(owner)["errors"]![0]!["rule"], StringComparison.Ordinal);
        Assert.Equal(200, admin.Status);
        Assert.Equal("2026-12-06T13:00:00.000Z", (string?)Json(admin)["expiresAt"]);
    }

    [Fact]
    public async Task Extend_WithoutTtl_Conflict()
    {
        await _h.PostAsync("/environments", Spec(), DevA);
        Assert.Equal(409, (await _h.SendAsync("POST", "/environments/shop-dev/extend", DevA, """{"hours":1}"""u8.ToArray())).Status);
    }

    [Theory]
    [InlineData("""{"hours":0}""", "/hours")]
    [InlineData("""{"hours":"1"}""", "/hours")]
    [InlineData("""{"hours":1,"days":1}""", "/days")]
    [InlineData("""[1]""", "")]
    public async Task Extend_BadBody_BadRequestNamingTheField(string body, string pointer)
    {
        await _h.PostAsync("/environments", Spec(ttlHours: 2), DevA);
        var response = await _h.SendAsync("POST", "/environments/shop-dev/extend", DevA, Encoding.UTF8.GetBytes(body));

        Assert.Equal(400, response.Status);
        Assert.Equal(pointer, (string?)Json(response)["errors"]![0]!["pointer"]);
    }

    private static Dictionary<string, string> Query(string name, string value) => new() { [name] = value };

    private static List<string?> Ids(ApiResponse response) =>
        [.. ((JsonArray)Json(response)["items"]!).Select(i => (string?)i!["environmentId"])];
}
