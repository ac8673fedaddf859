using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.Core.Spec;
using Provisioner.Core.Time;
using Provisioner.Core.Validation;
using Provisioner.Functions.Api.Http;
using Provisioner.Functions.Api.Registry;

namespace Provisioner.Functions.Api;

/// <summary>
/// The <c>/environments</c> routes. Another owner's environment is answered exactly as an unknown one
/// (404), so nobody learns which ids exist; only a create on such an id says 409, without details.
/// </summary>
public static class EnvironmentsApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;

    public static async Task<ApiResponse> CreateAsync(ProvisionerApi api, Caller caller, ApiRequest request, CancellationToken cancellationToken)
    {
        if (!JsonBody.TryRead(request, api.Options.MaxBodyBytes, out var body, out var problem))
        {
            return problem!;
        }
        var result = api.Validator.Validate(api.Options.DefaultNetwork is { } network ? network.ApplyTo(body) : body);
        var startAt = StartAt(api, request.QueryValue("startAt"), out var startAtError);
        if (!result.IsValid || startAtError is not null)
        {
            // Every error at once: the spec's and the start time's.
            return Problems.Invalid([.. result.Errors, .. startAtError is null ? [] : new[] { startAtError }], "The request has errors; each names its field and rule.");
        }
        var specJson = JsonSerializer.Serialize(result.Spec!, SpecJsonContext.Default.EnvironmentSpec);
        return await api.Commands.CreateAsync(caller, result.Spec!, specJson, cancellationToken, startAt).ConfigureAwait(false) switch
        {
            CreateOutcome.Created created => Accepted(created.Record),
            CreateOutcome.Existing existing => Accepted(existing.Record, existing.Record.Status == EnvironmentStatus.Creating ? 202 : 200),
            CreateOutcome.Conflict conflict => Problems.EnvironmentExists(conflict.Record.EnvironmentId),
            CreateOutcome.OverQuota quota => Problems.QuotaExceeded(quota.Error),
            _ => Problems.IdUnavailable(),
        };
    }

    public static async Task<ApiResponse> ListAsync(ProvisionerApi api, Caller caller, ApiRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<SpecError>();
        var status = request.QueryValue("status");
        if (status is not null && !EnvironmentStatus.IsKnown(status))
        {
            errors.Add(new SpecError("/query/status", status, $"must be one of {string.Join(", ", EnvironmentStatus.All)}"));
        }
        var limit = PageSize(request.QueryValue("limit"), errors);
        var after = Cursor(request.QueryValue("nextToken"), errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }
        var admin = caller.IsIn(api.Options.AdminGroup);
        var owner = admin ? request.QueryValue("owner") : caller.Sub;
        var records = (await api.Registry.ListAsync(owner, cancellationToken).ConfigureAwait(false))
            .Where(r => status is null ? r.Status != EnvironmentStatus.Deleted : r.Status == status)
            .Where(r => after is null || string.CompareOrdinal(r.EnvironmentId, after) > 0)
            .ToList();
        var page = records.Take(limit).ToList();
        return ApiResponse.Of(200, new JsonObject
        {
            ["items"] = new JsonArray([.. page.Select(r => (JsonNode)EnvironmentView.Of(r))]),
            ["nextToken"] = records.Count > limit ? Token(page[^1].EnvironmentId) : null,
        });
    }

    public static async Task<ApiResponse> GetAsync(ProvisionerApi api, Caller caller, string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(api, caller, id, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return NotFound(id);
        }
        var step = EnvironmentStatus.IsBusy(record.Status)
            ? await api.Events.CurrentStepAsync(record, cancellationToken).ConfigureAwait(false)
            : null;
        var view = EnvironmentView.Of(record, step);
        if (api.LogExports is { } logExports)
        {
            view["logExports"] = EnvironmentView.LogExports(await logExports.RecentAsync(record.EnvironmentId, record.Generation, cancellationToken).ConfigureAwait(false));
        }
        return ApiResponse.Of(200, view);
    }

    public static async Task<ApiResponse> DeleteAsync(ProvisionerApi api, Caller caller, string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(api, caller, id, cancellationToken).ConfigureAwait(false) is not { } record
            || await api.Commands.DeleteAsync(record, cancellationToken).ConfigureAwait(false) is not { } deleting)
        {
            return NotFound(id);
        }
        return Accepted(deleting);
    }

    public static async Task<ApiResponse> RetryAsync(ProvisionerApi api, Caller caller, string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(api, caller, id, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return NotFound(id);
        }
        return await api.Commands.RetryAsync(caller, record, cancellationToken).ConfigureAwait(false) switch
        {
            RetryOutcome.Started started => Accepted(started.Record),
            RetryOutcome.OverQuota quota => Problems.QuotaExceeded(quota.Error),
            _ => Problems.WrongStatus(id, record.Status, "only FAILED, ROLLBACK_FAILED and DELETE_FAILED environments can be retried"),
        };
    }

    public static async Task<ApiResponse> ExtendAsync(ProvisionerApi api, Caller caller, string id, ApiRequest request, CancellationToken cancellationToken)
    {
        if (await FindAsync(api, caller, id, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return NotFound(id);
        }
        if (!JsonBody.TryRead(request, api.Options.MaxBodyBytes, out var body, out var problem))
        {
            return problem!;
        }
        if (Hours(body, out var error) is not { } hours)
        {
            return Problems.Invalid([error!]);
        }
        if (record.ExpiresAt is not { } expires || !EnvironmentStatus.IsActive(record.Status) || record.Status == EnvironmentStatus.Deleting)
        {
            return Problems.WrongStatus(id, record.Status, record.ExpiresAt is null ? "it has no TTL to extend" : "it is not running");
        }
        var latest = api.Commands.LatestExpiry(record);
        var next = expires.AddHours(hours);
        if (next > latest && !caller.IsIn(api.Options.AdminGroup))
        {
            return Problems.Invalid([new SpecError("/hours", hours, $"must keep expiresAt within the deployment's maximum lifetime of {api.Options.MaxLifetimeHours} hours (at most {RegistryItem.Time(latest)}; at most {(int)Math.Floor((latest - expires).TotalHours)} more hours)")]);
        }
        var extended = await api.Commands.ExtendAsync(record, next, cancellationToken).ConfigureAwait(false);
        return ApiResponse.Of(200, EnvironmentView.Of(extended));
    }

    public static async Task<ApiResponse> EventsAsync(ProvisionerApi api, Caller caller, string id, ApiRequest request, CancellationToken cancellationToken)
    {
        if (await FindAsync(api, caller, id, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return NotFound(id);
        }
        var after = request.QueryValue("after");
        if (after is not null && !Events.EventsFeed.IsCursor(after))
        {
            return Problems.Invalid([new SpecError("/query/after", after, "must be a cursor from an earlier page's next")]);
        }
        var page = await api.Events.AfterAsync(record, after, cancellationToken).ConfigureAwait(false);
        return ApiResponse.Of(200, new JsonObject
        {
            ["events"] = new JsonArray([.. page.Events.Select(e => (JsonNode)e.ToJson())]),
            ["next"] = page.Next,
        });
    }

    /// <summary>Office hours by hand: READY (or WAKING) -> SLEEPING, as the sleep schedule does.</summary>
    public static Task<ApiResponse> SleepAsync(ProvisionerApi api, Caller caller, string id, CancellationToken cancellationToken) =>
        OfficeHoursAsync(api, caller, id, (hours, record) => hours.SleepAsync(record.EnvironmentId, record.Generation, byHand: true, cancellationToken), cancellationToken);

    /// <summary>Office hours by hand: SLEEPING -> WAKING, READY once every target is healthy, as the wake schedule does.</summary>
    public static Task<ApiResponse> WakeAsync(ProvisionerApi api, Caller caller, string id, CancellationToken cancellationToken) =>
        OfficeHoursAsync(api, caller, id, (hours, record) => hours.WakeAsync(record.EnvironmentId, record.Generation, byHand: true, cancellationToken), cancellationToken);

    private static async Task<ApiResponse> OfficeHoursAsync(ProvisionerApi api, Caller caller, string id,
        Func<Schedules.OfficeHoursTransitions, EnvironmentRecord, Task<Schedules.OfficeHoursOutcome>> transition, CancellationToken cancellationToken)
    {
        if (api.OfficeHours is not { } hours || await FindAsync(api, caller, id, cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return NotFound(id);
        }
        return await transition(hours, record).ConfigureAwait(false) switch
        {
            Schedules.OfficeHoursOutcome.Done done => ApiResponse.Of(202, EnvironmentView.Of(done.Record)).WithHeader("Location", "/environments/" + done.Record.EnvironmentId),
            Schedules.OfficeHoursOutcome.WrongStatus wrong => Problems.WrongStatus(id, wrong.Record.Status, wrong.Rule),
            // Deleted and made again between the read and the transition: the caller asked about the old one.
            _ => Problems.Conflict(id),
        };
    }

    /// <summary>The environment if the caller may see it; another owner's is as absent as an unknown one.</summary>
    private static async Task<EnvironmentRecord?> FindAsync(ProvisionerApi api, Caller caller, string id, CancellationToken cancellationToken)
    {
        if (id.Length > 64 || id.Contains('#', StringComparison.Ordinal))
        {
            return null;
        }
        var record = await api.Registry.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return record is not null && api.CanSee(caller, record) ? record : null;
    }

    private static ApiResponse Accepted(EnvironmentRecord record, int status = 202) =>
        ApiResponse.Of(status, EnvironmentView.Of(record)).WithHeader("Location", "/environments/" + record.EnvironmentId);

    private static ApiResponse NotFound(string id) => Problems.NotFound($"Environment '{(id.Length > 64 ? id[..64] + "..." : id)}'");

    private static int? Hours(JsonNode? body, out SpecError? error)
    {
        error = null;
        if (body is not JsonObject extend)
        {
            error = new SpecError("", body?.DeepClone(), "must be an object {\"hours\": N}");
            return null;
        }
        if (extend.Select(p => p.Key).FirstOrDefault(k => k != "hours") is { } unknown)
        {
            error = new SpecError("/" + unknown, extend[unknown]?.DeepClone(), "is not a known property (only hours)");
            return null;
        }
        if (extend["hours"] is JsonValue value && value.TryGetValue<int>(out var hours) && hours is >= 1 and <= 8760)
        {
            return hours;
        }
        error = new SpecError("/hours", extend["hours"]?.DeepClone(), "must be a whole number of hours from 1 to 8760");
        return null;
    }

    /// <summary>
    /// <c>?startAt=</c>: an RFC 3339 date-time with its zone (Z or ±hh:mm), after the service's now and within the
    /// maximum lifetime from it; null without one.
    /// </summary>
    private static DateTimeOffset? StartAt(ProvisionerApi api, string? text, out SpecError? error)
    {
        error = null;
        if (text is null)
        {
            return null;
        }
        var now = api.Time.GetUtcNow();
        if (!Rfc3339.TryParse(text, out var startAt))
        {
            error = new SpecError("/startAt", text, "must be an RFC 3339 date-time with a zone, e.g. 2026-12-03T18:00:00Z or 2026-12-03T19:00:00+01:00");
        }
        else if (!api.Commands.CanSchedule)
        {
            error = new SpecError("/startAt", text, "cannot be kept: this deployment has no scheduler for requests for later");
        }
        else if (startAt <= now)
        {
            error = new SpecError("/startAt", text, $"must be in the future (the service's clock reads {RegistryItem.Time(now)})");
        }
        else if (startAt > now.AddHours(api.Options.MaxLifetimeHours))
        {
            error = new SpecError("/startAt", text, $"must be within the deployment's maximum lifetime of {api.Options.MaxLifetimeHours} hours from now (at most {RegistryItem.Time(now.AddHours(api.Options.MaxLifetimeHours))})");
        }
        return error is null ? startAt : null;
    }

    private static int PageSize(string? text, List<SpecError> errors)
    {
        if (text is null)
        {
            return DefaultPageSize;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxPageSize)
        {
            return limit;
        }
        errors.Add(new SpecError("/query/limit", text, $"must be a whole number from 1 to {MaxPageSize}"));
        return DefaultPageSize;
    }

    private static string Token(string lastId) => Convert.ToBase64String(Encoding.UTF8.GetBytes(lastId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Cursor(string? token, List<SpecError> errors)
    {
        if (token is null)
        {
            return null;
        }
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            errors.Add(new SpecError("/query/nextToken", token, "must be a nextToken from an earlier page"));
            return null;
        }
    }
}
