using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Provisioner.Functions.Api;
using Provisioner.Functions.Api.Http;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Api.Status;
using Provisioner.Functions.Api.Workflows;
using Provisioner.Functions.Schedules;
using Provisioner.Functions.Tests.Api.Fakes;

namespace Provisioner.Functions.Tests.Api;

/// <summary>
/// The API over a registry and recording workflows on a fake clock. Every response is checked against the
/// committed OpenAPI document before a test sees it, so a drift between the two fails the test that made it.
/// </summary>
internal sealed class ApiHarness
{
    public static readonly Caller DevA = new("dev-a", []);
    public static readonly Caller DevB = new("dev-b", ["developers"]);
    public static readonly Caller Admin = new("admin", ["provisioner-admins"]);

    /// <param name="officeHours">Builds the office-hours transitions over the harness's registry and clock (null: the routes are 404).</param>
    /// <param name="officeHoursSchedules">What the status handler arms before READY and removes before DELETED.</param>
    /// <param name="logExports">The log-export worker's records (null: no <c>logExports</c> on the resource).</param>
    public ApiHarness(ApiOptions? options = null, IEnvironmentRegistry? registry = null, IEnvironmentSchedules? schedules = null,
        Func<IEnvironmentRegistry, TimeProvider, OfficeHoursTransitions>? officeHours = null, IOfficeHoursSchedules? officeHoursSchedules = null,
        Provisioner.Functions.Export.ILogExportHistory? logExports = null)
    {
        Options = options ?? new ApiOptions();
        Registry = registry ?? Memory;
        Api = new ProvisionerApi(Registry, Workflows, Options, Time, schedules: schedules, logExports: logExports) { OfficeHours = officeHours?.Invoke(Registry, Time) };
        Status = new ExecutionStatusChanged(Registry, Options, Time, officeHoursSchedules);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public InMemoryRegistry Memory { get; } = new();

    public IEnvironmentRegistry Registry { get; }

    public RecordingWorkflows Workflows { get; } = new();

    public ApiOptions Options { get; }

    public ProvisionerApi Api { get; }

    public ExecutionStatusChanged Status { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static JsonObject Spec(string id = "shop-dev", int max = 3, int? ttlHours = null)
    {
        var spec = new JsonObject
        {
            ["environmentId"] = id,
            ["source"] = new JsonObject { ["instanceId"] = "i-0abc12345def67890" },
            ["network"] = new JsonObject { ["vpcId"] = "vpc-0a1b2c3d4e5f67890", ["subnetIds"] = new JsonArray("subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002") },
            ["scaling"] = new JsonObject { ["min"] = 0, ["max"] = max, ["desired"] = Math.Min(1, max) },
        };
        if (ttlHours is { } hours)
        {
            spec["ttlHours"] = hours;
        }
        return spec;
    }

    public Task<ApiResponse> PostAsync(string path, JsonNode body, Caller? caller) =>
        SendAsync("POST", path, caller, Encoding.UTF8.GetBytes(body.ToJsonString()));

    public async Task<ApiResponse> SendAsync(string method, string path, Caller? caller, byte[]? body = null, string contentType = "application/json", IReadOnlyDictionary<string, string>? query = null)
    {
        var response = await Api.HandleAsync(new ApiRequest
        {
            Method = method,
            Path = path,
            Caller = caller,
            Body = body ?? [],
            Query = query ?? new Dictionary<string, string>(),
            Headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = contentType },
        }, Ct);
        var mismatches = OpenApiContract.Check(method, path, response);
        Assert.True(mismatches.Count == 0, $"{method} {path} -> {response.Status} breaks the OpenAPI document:\n{string.Join('\n', mismatches)}\n{response.BodyText}");
        Assert.True(response.Headers.ContainsKey("Date"), "every response carries a Date header");
        return response;
    }

    /// <summary>Ends the environment's current execution as Step Functions would report it.</summary>
    public async Task FinishAsync(string id, string status, string? error = null, string? output = null)
    {
        var record = (await Registry.GetAsync(id, Ct))!;
        Assert.Equal(StatusChangeResult.Applied, await Status.ApplyAsync(new ExecutionStatusChange(record.ExecutionArn!, status, error, error is null ? null : "cause", output), Ct));
    }

    public static JsonObject Json(ApiResponse response) => (JsonObject)JsonNode.Parse(response.Body.Span)!;
}
