using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Provisioner.Core.Validation;

namespace Provisioner.Portal.Tests.Fixture;

/// <summary>
/// An in-memory stand-in for the Provisioner API (issue 10's public routes and shapes) on Kestrel at
/// 127.0.0.1, serving the portal's files at <c>/</c> and <c>/portal/*</c>. Specs go through the real
/// <see cref="EnvironmentSpecValidator"/>; provisions and teardowns follow <see cref="WorkflowScript"/>
/// on a <see cref="FakeTimeProvider"/> the test advances, so events appear only when the test says.
/// </summary>
public sealed class FakeProvisionerApi : IPortalBackend
{
    public const string AdminGroup = "provisioner-admins";
    private const string ProblemBase = "https://provisioner.dev/problems/";
    private const string DefaultVpc = "vpc-0a1b2c3d4e5f67890";
    private static readonly string[] DefaultSubnets = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"];

    private readonly WebApplication _app;
    private readonly FakeTimeProvider _clock;
    private readonly EnvironmentSpecValidator _validator = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Environment> _environments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Owner, string[] Groups)> _tokens;

    private FakeProvisionerApi(WebApplication app, FakeTimeProvider clock, Dictionary<string, (string, string[])> tokens)
    {
        _app = app;
        _clock = clock;
        _tokens = tokens;
        Users = tokens.ToDictionary(t => t.Value.Item1, t => t.Key, StringComparer.Ordinal);
    }

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> Users { get; }

    public int ActiveEnvironmentQuota { get; init; } = 3;

    public int InstanceQuota { get; init; } = 12;

    /// <summary>Every environment ever accepted, for assertions that nothing was created.</summary>
    public int EnvironmentCount
    {
        get { lock (_gate) { return _environments.Count; } }
    }

    public static async Task<FakeProvisionerApi> StartAsync(string portalDirectory, bool servesLocalUsers = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        // Whole seconds: the Date header (and so the page's idea of "now") has second resolution.
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
        var tokens = new Dictionary<string, (string, string[])>(StringComparer.Ordinal)
        {
            [$"tok-{Guid.NewGuid():N}"] = ("dev-a", []),
            [$"tok-{Guid.NewGuid():N}"] = ("dev-b", []),
            [$"tok-{Guid.NewGuid():N}"] = ("admin", [AdminGroup]),
        };
        var api = new FakeProvisionerApi(app, clock, tokens);
        api.Map(portalDirectory, servesLocalUsers);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        api.BaseUrl = new Uri(address);
        return api;
    }

    /// <summary>Moves the fake service's clock forward, so the scripted workflows make progress.</summary>
    public ValueTask AdvanceAsync(TimeSpan by)
    {
        lock (_gate)
        {
            _clock.Advance(by);
        }
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private DateTimeOffset Now => _clock.GetUtcNow();

    private void Map(string portalDirectory, bool servesLocalUsers)
    {
        _app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.Date = Now.ToString("R");
                return Task.CompletedTask;
            });
            await next(context);
        });

        _app.MapGet("/", () => PortalFile(portalDirectory, "index.html"));
        _app.MapGet("/portal/{file}", (string file) => PortalFile(portalDirectory, file));
        // Only `up` has local users; on AWS the route does not exist and the page asks for a token.
        if (servesLocalUsers)
        {
            _app.MapGet("/local/users", () => Results.Json(new JsonObject
            {
                ["users"] = new JsonObject(Users.Select(u => KeyValuePair.Create(u.Key, (JsonNode?)u.Value))),
            }));
        }

        _app.MapGet("/me", (HttpContext c) => Authorized(c, caller => Results.Json(Me(caller))));
        _app.MapGet("/environments", (HttpContext c) => Authorized(c, caller => List(caller, c.Request.Query)));
        _app.MapPost("/environments", async (HttpContext c) =>
        {
            using var reader = new StreamReader(c.Request.Body);
            var body = await reader.ReadToEndAsync();
            return Authorized(c, caller => Create(caller, c.Request.ContentType, body));
        });
        _app.MapGet("/environments/{id}", (HttpContext c, string id) =>
            Authorized(c, caller => WithEnvironment(caller, id, env => Results.Json(Render(env)))));
        _app.MapGet("/environments/{id}/events", (HttpContext c, string id) =>
            Authorized(c, caller => WithEnvironment(caller, id, env => Events(env, c.Request.Query["after"]))));
        _app.MapDelete("/environments/{id}", (HttpContext c, string id) =>
            Authorized(c, caller => WithEnvironment(caller, id, Delete)));
        _app.MapPost("/environments/{id}/retry", (HttpContext c, string id) =>
            Authorized(c, caller => WithEnvironment(caller, id, Retry)));
        _app.MapPost("/environments/{id}/extend", async (HttpContext c, string id) =>
        {
            using var reader = new StreamReader(c.Request.Body);
            var body = await reader.ReadToEndAsync();
            return Authorized(c, caller => WithEnvironment(caller, id, env => Extend(env, body)));
        });
    }

    private static IResult PortalFile(string directory, string file)
    {
        var path = Path.Combine(directory, Path.GetFileName(file));
        if (!File.Exists(path))
        {
            return Problem(404, "not-found", "Not found", $"No portal file '{file}'.");
        }
        var type = Path.GetExtension(path) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".css" => "text/css; charset=utf-8",
            _ => "application/octet-stream",
        };
        return Results.File(File.ReadAllBytes(path), type);
    }

    private IResult Authorized(HttpContext context, Func<Caller, IResult> handler)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.TryGetValue(header["Bearer ".Length..], out var who))
        {
            lock (_gate)
            {
                return handler(new Caller(who.Owner, who.Groups));
            }
        }
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problem(401, "unauthorized", "Sign-in required", "No valid bearer token was given.");
    }

    private IResult WithEnvironment(Caller caller, string id, Func<Environment, IResult> handler) =>
        _environments.TryGetValue(id, out var env) && (caller.IsAdmin || env.Owner == caller.Owner)
            ? handler(env)
            : Problem(404, "not-found", "Not found", $"There is no environment '{id}'.");

    private JsonObject Me(Caller caller)
    {
        var active = _environments.Values.Where(e => e.Owner == caller.Owner && IsActive(e.StatusAt(Now))).ToList();
        return new JsonObject
        {
            ["owner"] = caller.Owner,
            ["groups"] = new JsonArray([.. caller.Groups.Select(g => (JsonNode?)g)]),
            ["quotas"] = new JsonArray(
                Quota("activeEnvironments", ActiveEnvironmentQuota, active.Count),
                Quota("instances", InstanceQuota, active.Sum(e => e.MaxInstances))),
        };
    }

    private static JsonObject Quota(string name, int limit, int used) =>
        new() { ["name"] = name, ["limit"] = limit, ["used"] = used };

    private static bool IsActive(string status) => status is not ("DELETED" or "FAILED");

    private IResult List(Caller caller, IQueryCollection query)
    {
        var status = query["status"].ToString();
        var owner = query["owner"].ToString();
        var items = _environments.Values
            .Where(e => caller.IsAdmin || e.Owner == caller.Owner)
            .Where(e => owner.Length == 0 || e.Owner == owner)
            .Where(e => status.Length == 0 ? e.StatusAt(Now) != "DELETED" : e.StatusAt(Now) == status)
            .OrderBy(e => e.CreatedAt)
            .Select(e => (JsonNode?)Render(e));
        return Results.Json(new JsonObject { ["items"] = new JsonArray([.. items]), ["nextToken"] = null });
    }

    private IResult Create(Caller caller, string? contentType, string body)
    {
        if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(415, "unsupported-media-type", "The request is not JSON", "Send the spec as application/json.");
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException ex)
        {
            return Invalid([EnvironmentSpecValidator.MalformedJson(ex)]);
        }
        // As on `up`: a spec without network takes the deployment's VPC and subnets.
        if (root is JsonObject document && document["network"] is null)
        {
            document["network"] = new JsonObject
            {
                ["vpcId"] = DefaultVpc,
                ["subnetIds"] = new JsonArray([.. DefaultSubnets.Select(s => (JsonNode?)s)]),
            };
        }
        var result = _validator.Validate(root);
        if (!result.IsValid)
        {
            return Invalid(result.Errors);
        }
        var spec = result.Spec;
        var normalized = root!.ToJsonString();
        if (_environments.TryGetValue(spec.EnvironmentId, out var existing) && IsActive(existing.StatusAt(Now)))
        {
            if (existing.Owner != caller.Owner)
            {
                return Problem(409, "environment-exists", "The id is taken", "Choose another environment id.");
            }
            return existing.SpecJson == normalized
                ? Results.Json(Render(existing), statusCode: 200)
                : Problem(409, "environment-exists", "The environment exists with another spec", $"'{spec.EnvironmentId}' already exists; delete it first or use another id.");
        }
        var mine = _environments.Values.Where(e => e.Owner == caller.Owner && IsActive(e.StatusAt(Now))).ToList();
        if (mine.Count + 1 > ActiveEnvironmentQuota)
        {
            return QuotaExceeded("activeEnvironments", ActiveEnvironmentQuota, mine.Count);
        }
        var instances = mine.Sum(e => e.MaxInstances);
        if (instances + spec.Scaling.Max > InstanceQuota)
        {
            return QuotaExceeded("instances", InstanceQuota, instances);
        }
        var env = new Environment(spec.EnvironmentId, caller.Owner, normalized, spec.Scaling.Max, Now, spec.TtlHours)
        {
            Generation = existing is null ? 1 : existing.Generation + 1,
        };
        _environments[env.Id] = env;
        return new WithLocation(Results.Json(Render(env), statusCode: 202), $"/environments/{Uri.EscapeDataString(env.Id)}");
    }

    private static IResult QuotaExceeded(string name, int limit, int used) => Results.Json(new JsonObject
    {
        ["type"] = ProblemBase + "quota-exceeded",
        ["title"] = "Over a quota",
        ["status"] = 409,
        ["detail"] = $"The quota {name} allows {limit}; you use {used}.",
        ["quota"] = name,
        ["limit"] = limit,
        ["used"] = used,
    }, contentType: "application/problem+json", statusCode: 409);

    private static IResult Invalid(IReadOnlyList<SpecError> errors) => Results.Json(new JsonObject
    {
        ["type"] = ProblemBase + "invalid-spec",
        ["title"] = "The spec is not valid",
        ["status"] = 400,
        ["detail"] = $"{errors.Count} field error(s).",
        ["errors"] = new JsonArray([.. errors.Select(e => (JsonNode?)new JsonObject
        {
            ["pointer"] = e.Pointer,
            ["rule"] = e.Rule,
            ["value"] = e.Value?.DeepClone(),
        })]),
    }, contentType: "application/problem+json", statusCode: 400);

    private IResult Events(Environment env, string? after)
    {
        const int pageSize = 8;
        var visible = env.EventsUntil(Now);
        var start = 0;
        if (!string.IsNullOrEmpty(after))
        {
            if (!int.TryParse(after, out var cursor) || cursor < 0)
            {
                return Problem(400, "invalid-cursor", "The cursor is not valid", "after must be a cursor from a previous page's next.");
            }
            start = cursor;
        }
        var page = visible.Skip(start).Take(pageSize).ToList();
        var events = new JsonArray([.. page.Select((e, i) => (JsonNode?)new JsonObject
        {
            ["id"] = $"{env.Id}-{start + i + 1}",
            ["at"] = e.At.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            ["step"] = e.Step,
            ["phase"] = e.Phase,
            ["message"] = e.Message,
            ["branch"] = e.Branch,
        })]);
        return Results.Json(new JsonObject { ["events"] = events, ["next"] = (start + page.Count).ToString() });
    }

    private IResult Delete(Environment env)
    {
        var status = env.StatusAt(Now);
        if (status == "DELETED")
        {
            return Problem(404, "not-found", "Not found", $"There is no environment '{env.Id}'.");
        }
        if (!env.TearingDown)
        {
            env.StartTeardown(Now);
        }
        return Results.Json(Render(env), statusCode: 202);
    }

    /// <summary>A FAILED provision runs again as the next generation (and, in this fake, succeeds).</summary>
    private IResult Retry(Environment env)
    {
        var status = env.StatusAt(Now);
        if (status != "FAILED")
        {
            return Problem(409, "conflict", "Nothing to retry", $"Retry applies to a failed environment; '{env.Id}' is {status}.");
        }
        env.Generation++;
        env.StartProvision(Now, fails: false);
        return Results.Json(Render(env), statusCode: 202);
    }

    private IResult Extend(Environment env, string body)
    {
        if (env.ExpiresAt is null)
        {
            return Problem(409, "no-ttl", "No TTL to extend", $"'{env.Id}' has no TTL.");
        }
        int hours;
        try
        {
            hours = JsonNode.Parse(body)?["hours"]?.GetValue<int>() ?? 0;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            hours = 0;
        }
        if (hours is < 1 or > 720)
        {
            return Results.Json(new JsonObject
            {
                ["type"] = ProblemBase + "invalid-request",
                ["title"] = "The request is not valid",
                ["status"] = 400,
                ["errors"] = new JsonArray(new JsonObject { ["pointer"] = "/hours", ["rule"] = "must be a whole number from 1 to 720", ["value"] = body }),
            }, contentType: "application/problem+json", statusCode: 400);
        }
        env.ExpiresAt = env.ExpiresAt.Value.AddHours(hours);
        return Results.Json(Render(env));
    }

    private JsonObject Render(Environment env)
    {
        var status = env.StatusAt(Now);
        var events = env.EventsUntil(Now);
        var current = events.LastOrDefault(e => e.Phase is "started" or "waiting");
        return new JsonObject
        {
            ["environmentId"] = env.Id,
            ["owner"] = env.Owner,
            ["createdBy"] = env.Owner,
            ["status"] = status,
            ["statusReason"] = status switch
            {
                "READY" => "the provision succeeded",
                "DELETED" => "the teardown succeeded",
                "FAILED" => "the provision failed and was rolled back",
                _ => null,
            },
            ["generation"] = env.Generation,
            ["spec"] = JsonNode.Parse(env.SpecJson),
            ["executionArn"] = $"arn:aws:states:us-east-1:123456789012:execution:provision:{env.Id}-g{env.Generation}-provision-{env.Attempt}",
            ["resources"] = status == "READY" ? WorkflowScript.Resources(env.Id) : new JsonObject(),
            ["currentStep"] = status is "CREATING" or "DELETING" ? current?.Step : null,
            ["createdAt"] = env.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["updatedAt"] = (events.Count > 0 ? events[^1].At : env.CreatedAt).ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["expiresAt"] = env.ExpiresAt?.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["error"] = status == "FAILED" ? new JsonObject { ["error"] = WorkflowScript.FailureError, ["cause"] = WorkflowScript.FailureCause } : null,
            ["url"] = status == "READY" ? WorkflowScript.Url(env.Id) : null,
        };
    }

    private static IResult Problem(int status, string type, string title, string detail) => Results.Json(new JsonObject
    {
        ["type"] = ProblemBase + type,
        ["title"] = title,
        ["status"] = status,
        ["detail"] = detail,
    }, contentType: "application/problem+json", statusCode: status);

    private sealed record Caller(string Owner, string[] Groups)
    {
        public bool IsAdmin => Groups.Contains(AdminGroup);
    }

    private sealed class WithLocation(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }

    /// <summary>
    /// One environment and the workflow runs it has had (provisions, a rollback inside a failed one,
    /// teardowns), each a scripted list of events from its start; the status is the last run's.
    /// </summary>
    private sealed class Environment
    {
        private readonly List<Run> _runs = [];

        public Environment(string id, string owner, string specJson, int maxInstances, DateTimeOffset createdAt, int? ttlHours)
        {
            Id = id;
            Owner = owner;
            SpecJson = specJson;
            MaxInstances = maxInstances;
            CreatedAt = createdAt;
            ExpiresAt = ttlHours is null ? null : createdAt.AddHours(ttlHours.Value);
            StartProvision(createdAt, fails: id.StartsWith(WorkflowScript.FailingPrefix, StringComparison.Ordinal));
        }

        public string Id { get; }
        public string Owner { get; }
        public string SpecJson { get; }
        public int MaxInstances { get; }
        public DateTimeOffset CreatedAt { get; }
        public DateTimeOffset? ExpiresAt { get; set; }
        public int Generation { get; set; }
        public int Attempt => _runs.Count;
        public bool TearingDown => _runs[^1].Kind == "teardown";

        public void StartProvision(DateTimeOffset at, bool fails)
        {
            var events = fails ? WorkflowScript.FailedProvision(at) : WorkflowScript.Provision(at);
            _runs.Add(new Run("provision", [.. events], fails ? "FAILED" : "READY", "CREATING"));
        }

        /// <summary>A provision still running is stopped here (its later events never happen), then torn down.</summary>
        public void StartTeardown(DateTimeOffset at)
        {
            var last = _runs[^1];
            _runs[^1] = last with { Events = [.. last.Events.Where(e => e.At <= at)] };
            _runs.Add(new Run("teardown", [.. WorkflowScript.Teardown(at)], "DELETED", "DELETING"));
        }

        public IReadOnlyList<WorkflowEvent> EventsUntil(DateTimeOffset now) =>
            [.. _runs.SelectMany(r => r.Events).Where(e => e.At <= now)];

        public string StatusAt(DateTimeOffset now)
        {
            var last = _runs[^1];
            return now >= last.Events[^1].At ? last.EndStatus : last.RunningStatus;
        }

        private sealed record Run(string Kind, IReadOnlyList<WorkflowEvent> Events, string EndStatus, string RunningStatus);
    }
}
