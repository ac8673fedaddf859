using System.Text.Json.Nodes;
using Provisioner.Aws.StepFunctions;
using Provisioner.Functions.Api;
using Provisioner.Functions.Api.Registry;
using static Provisioner.Functions.Tests.Api.ApiHarness;

namespace Provisioner.Functions.Tests.Api.Registry;

/// <summary>The registry on moto's DynamoDB, through the API: races decided by conditional writes and transactions.</summary>
public sealed class DynamoDbEnvironmentRegistryTests(DynamoDbRegistryFixture moto) : IClassFixture<DynamoDbRegistryFixture>
{
    private async Task<ApiHarness> HarnessAsync(Quotas? quotas = null) =>
        new(new ApiOptions { Quotas = quotas ?? new Quotas() }, await moto.NewRegistryAsync(Ct));

    [Fact]
    public async Task WriteAsync_RecordRoundTrip_EveryFieldKept()
    {
        var registry = await moto.NewRegistryAsync(Ct);
        var record = new EnvironmentRecord
        {
            EnvironmentId = "shop-dev", Owner = "dev-a", Status = EnvironmentStatus.Ready, StatusReason = "provisioned", Generation = 2,
            Spec = """{"environmentId":"shop-dev"}""", ScalingMax = 3, ExecutionName = "shop-dev-g2-provision-1", ExecutionArn = "arn:x",
            Resources = """{"image":{}}""", Url = "https://x/", CurrentStep = "CreateAsg",
            CreatedAt = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), UpdatedAt = new DateTimeOffset(2026, 12, 1, 9, 5, 0, 123, TimeSpan.Zero),
            ExpiresAt = new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero), Error = new ExecutionError("E", "C"),
        };

        var written = await registry.WriteAsync(null, record, new Quotas(), Ct);

        Assert.Equal(written, await registry.GetAsync("shop-dev", Ct));
        Assert.Equal(1, written.Version);
        Assert.Equal(new QuotaUsage(1, 3), await registry.UsageAsync("dev-a", Ct));
    }

    [Fact]
    public async Task WriteAsync_StaleVersion_ConcurrentUpdateAndNothingChanged()
    {
        var registry = await moto.NewRegistryAsync(Ct);
        var h = new ApiHarness(registry: registry);
        await h.PostAsync("/environments", Spec(), DevA);
        var stale = (await registry.GetAsync("shop-dev", Ct))!;
        await registry.WriteAsync(stale, stale with { StatusReason = "first" }, new Quotas(), Ct);

        await Assert.ThrowsAsync<ConcurrentUpdateException>(() => registry.WriteAsync(stale, stale with { StatusReason = "second" }, new Quotas(), Ct));
        Assert.Equal("first", (await registry.GetAsync("shop-dev", Ct))!.StatusReason);
    }

    [Fact]
    public async Task Create_TwoConcurrentCreatesOfOneId_OneEnvironmentOneExecution()
    {
        var h = await HarnessAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => h.PostAsync("/environments", Spec(), DevA), Ct)));

        Assert.All(responses, r => Assert.Equal(202, r.Status));
        Assert.Single(await h.Registry.ListAsync(null, Ct));
        Assert.Equal(["shop-dev-g1-provision-1"], h.Workflows.Executions);
        Assert.Equal(new QuotaUsage(1, 3), await h.Registry.UsageAsync("dev-a", Ct));
    }

    [Fact]
    public async Task Create_TenConcurrentCreatesByOneOwnerWithQuota3_ExactlyThree()
    {
        var h = await HarnessAsync(new Quotas(3, 100));

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => h.PostAsync("/environments", Spec($"env-{i}", max: 1), DevA), Ct)));

        Assert.Equal(3, responses.Count(r => r.Status == 202));
        Assert.Equal(7, responses.Count(r => r.Status == 409 && Json(r)["quota"] is not null));
        Assert.Equal(3, (await h.Registry.ListAsync("dev-a", Ct)).Count);
        Assert.Equal(3, h.Workflows.Executions.Count);
        Assert.Equal(new QuotaUsage(3, 3), await h.Registry.UsageAsync("dev-a", Ct));
    }

    [Fact]
    public async Task Create_FiftyConcurrentCreatesByFiveOwners_EndReadyOrRefusedAsTheQuotasSay()
    {
        var h = await HarnessAsync(new Quotas(3, 12));
        var owners = Enumerable.Range(0, 5).Select(o => new Caller($"owner-{o}", [])).ToArray();
        // Each owner asks for ten: scaling.max 5, 5, 1, 1, ... so the scaling quota (12) refuses some the active one would allow.
        var requests = Enumerable.Range(0, 50).Select(i => (Owner: owners[i % 5], Id: $"env-{i}", Max: i < 10 ? 5 : 1)).ToArray();

        var responses = await Task.WhenAll(requests.Select(r => Task.Run(async () => (r, await h.PostAsync("/environments", Spec(r.Id, max: r.Max), r.Owner)), Ct)));
        foreach (var (request, response) in responses.Where(x => x.Item2.Status == 202))
        {
            await h.FinishAsync(request.Id, ExecutionStatus.Succeeded);
        }

        Assert.All(responses, x => Assert.True(x.Item2.Status is 202 or 409, x.Item2.BodyText));
        foreach (var owner in owners)
        {
            var ready = (await h.Registry.ListAsync(owner.Sub, Ct)).ToList();
            var accepted = responses.Where(x => x.r.Owner == owner && x.Item2.Status == 202).Select(x => x.r).ToList();
            Assert.Equal(accepted.Select(a => a.Id).Order(), ready.Select(r => r.EnvironmentId).Order());
            Assert.All(ready, r => Assert.Equal(EnvironmentStatus.Ready, r.Status));
            Assert.True(ready.Count <= 3 && ready.Sum(r => r.ScalingMax) <= 12, $"{owner.Sub}: {ready.Count} environments, scaling {ready.Sum(r => r.ScalingMax)}");
            // Usage only grows here, so every refusal must still be justified by the final use: no create was refused that fit.
            var scaling = ready.Sum(r => r.ScalingMax);
            Assert.All(responses.Where(x => x.r.Owner == owner && x.Item2.Status == 409), x =>
                Assert.True(ready.Count == 3 || scaling + x.r.Max > 12, $"{x.r.Id} (max {x.r.Max}) was refused with {ready.Count} environments and scaling {scaling}"));
            Assert.Equal(new QuotaUsage(ready.Count, ready.Sum(r => r.ScalingMax)), await h.Registry.UsageAsync(owner.Sub, Ct));
        }
        Assert.Equal(responses.Count(x => x.Item2.Status == 202), h.Workflows.Executions.Count);
    }

    [Fact]
    public async Task Create_DeletedIdAgain_NextGenerationAndUsageReleasedInBetween()
    {
        var h = await HarnessAsync(new Quotas(1, 12));
        await h.PostAsync("/environments", Spec(), DevA);
        await h.FinishAsync("shop-dev", ExecutionStatus.Succeeded);
        await h.SendAsync("DELETE", "/environments/shop-dev", DevA);
        await h.FinishAsync("shop-dev", ExecutionStatus.Succeeded);
        Assert.Equal(new QuotaUsage(0, 0), await h.Registry.UsageAsync("dev-a", Ct));

        var again = await h.PostAsync("/environments", Spec(), DevB);

        Assert.Equal(202, again.Status);
        Assert.Equal(2, (int)Json(again)["generation"]!);
        Assert.Equal("dev-b", (string?)Json(again)["owner"]);
    }

    [Fact]
    public async Task Reconcile_ItemNamesAnExecutionThatWasNeverStarted_StartsIt()
    {
        var h = await HarnessAsync();
        await h.PostAsync("/environments", Spec(), DevA);
        h.Workflows.Forget("shop-dev-g1-provision-1");

        var started = await h.Api.Commands.ReconcileAsync(Ct);

        Assert.Equal(["shop-dev-g1-provision-1"], started);
        Assert.Contains("shop-dev-g1-provision-1", h.Workflows.Executions);
        Assert.Empty(await h.Api.Commands.ReconcileAsync(Ct));
        Assert.Equal(JsonNode.Parse(h.Workflows.InputOf("shop-dev-g1-provision-1"))!["spec"]!.ToJsonString(),
            JsonNode.Parse((await h.Registry.GetAsync("shop-dev", Ct))!.Spec)!.ToJsonString());
    }
}
