using System.Globalization;
using Provisioner.Core.Validation;
using Provisioner.Functions.Api.Events;
using Provisioner.Functions.Api.Http;
using Provisioner.Functions.Api.Registry;
using Provisioner.Functions.Api.Workflows;

namespace Provisioner.Functions.Api;

/// <summary>
/// The Provisioner HTTP API, host-neutral: the Lambda adapter (API Gateway HTTP API) and <c>up</c>
/// (ASP.NET Core) both hand it an <see cref="ApiRequest"/> with the caller their authorizer validated.
/// Routing lives here; the handlers are static methods per resource (<see cref="EnvironmentsApi"/>,
/// <see cref="MeApi"/>, <see cref="StaticApi"/>).
/// </summary>
public sealed class ProvisionerApi
{
    public ProvisionerApi(IEnvironmentRegistry registry, IWorkflows workflows, ApiOptions options, TimeProvider time, ValidationOptions? validation = null, IEnvironmentSchedules? schedules = null,
        Export.ILogExportHistory? logExports = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(workflows);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        Registry = registry;
        Options = options;
        Time = time;
        Validator = new EnvironmentSpecValidator(validation);
        Commands = new EnvironmentCommands(registry, workflows, options, time, schedules);
        Events = new EventsFeed(workflows);
        LogExports = logExports;
    }

    /// <summary>The log-export worker's records (an environment's <c>logExports</c>); null where the worker is not configured.</summary>
    public Export.ILogExportHistory? LogExports { get; }

    public IEnvironmentRegistry Registry { get; }
    public ApiOptions Options { get; }
    public TimeProvider Time { get; }
    public EnvironmentSpecValidator Validator { get; }
    public EnvironmentCommands Commands { get; }

    /// <summary>The events feed; <c>up</c> streams it as server-sent events.</summary>
    public EventsFeed Events { get; }

    /// <summary>Sleep and wake by hand (<c>POST /environments/{id}/sleep</c> and <c>/wake</c>); null: the deployment has no office hours, the routes are 404.</summary>
    public Schedules.OfficeHoursTransitions? OfficeHours { get; init; }

    public async Task<ApiResponse> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ApiResponse response;
        try
        {
            response = await RouteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrentUpdateException ex)
        {
            response = Problems.Conflict(ex.EnvironmentId);
        }
        return response.WithHeader("Date", Time.GetUtcNow().UtcDateTime.ToString("R", CultureInfo.InvariantCulture));
    }

    private Task<ApiResponse> RouteAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var segments = request.Path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = request.Method.ToUpperInvariant();
        switch (segments)
        {
            case []:
                return Get(method, request, () => StaticApi.Portal("index.html"));
            case ["openapi.json"]:
                return Get(method, request, StaticApi.OpenApi);
            case ["portal", var file]:
                return Get(method, request, () => StaticApi.Portal(file));
        }
        if (request.Caller is not { } caller)
        {
            return Task.FromResult(IsRoute(segments) ? Problems.Unauthorized() : Problems.NotFound($"The route {request.Path}"));
        }
        return (method, segments) switch
        {
            ("GET", ["me"]) => MeApi.GetAsync(this, caller, cancellationToken),
            ("POST", ["environments"]) => EnvironmentsApi.CreateAsync(this, caller, request, cancellationToken),
            ("GET", ["environments"]) => EnvironmentsApi.ListAsync(this, caller, request, cancellationToken),
            ("GET", ["environments", var id]) => EnvironmentsApi.GetAsync(this, caller, id, cancellationToken),
            ("DELETE", ["environments", var id]) => EnvironmentsApi.DeleteAsync(this, caller, id, cancellationToken),
            ("POST", ["environments", var id, "retry"]) => EnvironmentsApi.RetryAsync(this, caller, id, cancellationToken),
            ("POST", ["environments", var id, "extend"]) => EnvironmentsApi.ExtendAsync(this, caller, id, request, cancellationToken),
            ("GET", ["environments", var id, "events"]) => EnvironmentsApi.EventsAsync(this, caller, id, request, cancellationToken),
            ("POST", ["environments", var id, "sleep"]) => EnvironmentsApi.SleepAsync(this, caller, id, cancellationToken),
            ("POST", ["environments", var id, "wake"]) => EnvironmentsApi.WakeAsync(this, caller, id, cancellationToken),
            _ when IsRoute(segments) => Task.FromResult(Problems.MethodNotAllowed(method, request.Path)),
            _ => Task.FromResult(Problems.NotFound($"The route {request.Path}")),
        };
    }

    private static bool IsRoute(string[] segments) => segments switch
    {
        ["me"] or ["environments"] or ["environments", _] or ["environments", _, "retry" or "extend" or "events" or "sleep" or "wake"] => true,
        _ => false,
    };

    private static Task<ApiResponse> Get(string method, ApiRequest request, Func<ApiResponse> handler) =>
        Task.FromResult(method is "GET" or "HEAD" ? handler() : Problems.MethodNotAllowed(method, request.Path));

    /// <summary>The caller may see and act on this environment: its owner, or an admin.</summary>
    internal bool CanSee(Caller caller, EnvironmentRecord record) =>
        string.Equals(record.Owner, caller.Sub, StringComparison.Ordinal) || caller.IsIn(Options.AdminGroup);
}
