using System.Text.Json.Nodes;
using Provisioner.Functions.Api.Http;
using Provisioner.Functions.Api.Registry;

namespace Provisioner.Functions.Api;

/// <summary><c>GET /me</c>: who the caller is and how much of its quotas it uses.</summary>
public static class MeApi
{
    public static async Task<ApiResponse> GetAsync(ProvisionerApi api, Caller caller, CancellationToken cancellationToken)
    {
        var usage = await api.Registry.UsageAsync(caller.Sub, cancellationToken).ConfigureAwait(false);
        var quotas = api.Options.Quotas;
        return ApiResponse.Of(200, new JsonObject
        {
            ["owner"] = caller.Sub,
            ["groups"] = new JsonArray([.. caller.Groups.Select(g => (JsonNode)g)]),
            ["admin"] = caller.IsIn(api.Options.AdminGroup),
            ["quotas"] = new JsonArray(
                Quota(Quotas.ActiveEnvironmentsName, quotas.ActiveEnvironments, usage.ActiveEnvironments),
                Quota(Quotas.ScalingMaxName, quotas.ScalingMax, usage.ScalingMax)),
        });
    }

    private static JsonObject Quota(string name, int limit, int used) => new() { ["name"] = name, ["limit"] = limit, ["used"] = used };
}
