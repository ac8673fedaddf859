using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Scheduling;

/// <summary>
/// Runs the EventBridge Scheduler schedules moto stores (moto never fires them) on LocalCloud's clock:
/// every <see cref="PollInterval"/> of that clock it reads every group's schedules and calls the target of
/// each occurrence that is due, as Scheduler would: the Input with the context attributes substituted,
/// flexible windows at a seeded time inside the window, StartDate/EndDate, State, RetryPolicy (bounded), and
/// ActionAfterCompletion DELETE once the last occurrence fired.
/// </summary>
/// <remarks>
/// Exactly once: per schedule the scheduler keeps the last occurrence it fired (and where a rate counts
/// from) and writes it to <see cref="LocalSchedulerOptions.StatePath"/> before calling the target, so a
/// restarted scheduler neither repeats nor skips an occurrence (at most once across a crash mid-call;
/// AWS is at least once). A schedule first seen is due from the previous poll on (it did not exist then),
/// a restart without a state file from its start on. moto's CreationDate is the real clock's, not the
/// simulated one, so it is not used.
/// </remarks>
public sealed class LocalScheduler
{
    /// <summary>Scheduler's default retry policy is 185 attempts over 24 hours; locally retries stop at this many.</summary>
    public const int MaxRetriesLocally = 5;

    private readonly MotoBackchannel _moto;
    private readonly LocalSchedulerOptions _options;
    private readonly TimeProvider _time;
    private readonly List<(string Prefix, ScheduleTargetHandler Handler)> _targets = [];
    private readonly Dictionary<string, ScheduleProgress> _progress;
    private DateTimeOffset? _previousPoll;

    public LocalScheduler(MotoBackchannel moto, LocalSchedulerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(moto);
        _moto = moto;
        _options = options ?? new LocalSchedulerOptions();
        _time = _options.Time;
        _progress = LoadProgress(_options.StatePath);
        RegisterTarget("arn:aws:sns:", PublishAsync);
    }

    public TimeSpan PollInterval => _options.PollInterval;

    /// <summary>Every target call made (for logs and tests), in order.</summary>
    public event Action<ScheduleFiring>? Fired;

    /// <summary>Calls targets whose ARN starts with <paramref name="arnPrefix"/> (the longest registered prefix wins).</summary>
    public void RegisterTarget(string arnPrefix, ScheduleTargetHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(arnPrefix);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_targets)
        {
            _targets.RemoveAll(t => t.Prefix == arnPrefix);
            _targets.Add((arnPrefix, handler));
        }
    }

    /// <summary>Polls and fires until cancelled (the clock's timers, never a real sleep).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or BackchannelException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                _options.Log?.Invoke($"schedules could not be read: {ex.Message}");
            }
            try
            {
                await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass: reads every schedule and fires every occurrence due by now. Returns the firings made.</summary>
    public async Task<IReadOnlyList<ScheduleFiring>> PollAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var since = _previousPoll ?? _options.StartedAt ?? now;
        var firings = new List<ScheduleFiring>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in await ListGroupsAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var name in await ListSchedulesAsync(group, cancellationToken).ConfigureAwait(false))
            {
                var key = group + "/" + name;
                seen.Add(key);
                JsonObject schedule;
                try
                {
                    schedule = await GetScheduleAsync(group, name, cancellationToken).ConfigureAwait(false);
                }
                catch (BackchannelException ex) when (ex.ErrorCode == "ResourceNotFoundException")
                {
                    continue;
                }
                firings.AddRange(await FireDueAsync(group, name, key, schedule, since, now, cancellationToken).ConfigureAwait(false));
            }
        }
        foreach (var gone in _progress.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _progress.Remove(gone);
        }
        _previousPoll = now;
        SaveProgress();
        return firings;
    }

    private async Task<List<ScheduleFiring>> FireDueAsync(string group, string name, string key, JsonObject schedule, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fired = new List<ScheduleFiring>();
        var arn = schedule["Arn"]?.GetValue<string>() ?? "";
        ScheduleExpression expression;
        TimeZoneInfo zone;
        try
        {
            expression = ScheduleExpression.Parse(schedule["ScheduleExpression"]?.GetValue<string>() ?? "");
            zone = ScheduleExpression.Zone(schedule["ScheduleExpressionTimezone"]?.GetValue<string>());
        }
        catch (ScheduleExpressionException ex)
        {
            _options.Log?.Invoke($"schedule {name} is never fired: {ex.Message}");
            return fired;
        }
        var start = Timestamp(schedule["StartDate"]);
        var end = Timestamp(schedule["EndDate"]);
        if (!_progress.TryGetValue(key, out var progress))
        {
            progress = new ScheduleProgress(start ?? now, since - TimeSpan.FromTicks(1));
            _progress[key] = progress;
        }
        var enabled = !string.Equals(schedule["State"]?.GetValue<string>(), "DISABLED", StringComparison.Ordinal);
        var window = FlexibleWindow(schedule["FlexibleTimeWindow"]);
        var target = schedule["Target"] as JsonObject;
        var finished = false;
        var last = progress.LastFired;
        while (true)
        {
            var next = expression.NextAfter(last, zone, start ?? progress.Anchor);
            while (next is { } n && start is { } s && n < s)
            {
                next = expression.NextAfter(n, zone, start ?? progress.Anchor);
            }
            if (next is null || (end is { } e && next > e))
            {
                finished = true;
                break;
            }
            var occurrence = next.Value;
            var due = occurrence + FlexibleOffset(arn, occurrence, window);
            if (due > now)
            {
                break;
            }
            last = occurrence;
            // Written before the call: a restart never fires this occurrence again.
            _progress[key] = progress with { LastFired = last };
            SaveProgress();
            if (enabled && target is not null)
            {
                fired.Add(await InvokeAsync(group, name, arn, target, occurrence, now, cancellationToken).ConfigureAwait(false));
            }
        }
        if (finished && string.Equals(schedule["ActionAfterCompletion"]?.GetValue<string>(), "DELETE", StringComparison.Ordinal))
        {
            try
            {
                // The target may have moved the schedule while it fired (an expiry re-armed for a later time): that is a
                // schedule with a future to run, not the completed one; only the schedule as it was read is deleted.
                var current = await GetScheduleAsync(group, name, cancellationToken).ConfigureAwait(false);
                if (!JsonNode.DeepEquals(current, schedule))
                {
                    _options.Log?.Invoke($"schedule {name} was updated while it fired; it stays for its new expression");
                    return fired;
                }
                await _moto.RestJsonAsync("scheduler", HttpMethod.Delete, SchedulePath(group, name), cancellationToken: cancellationToken).ConfigureAwait(false);
                _options.Log?.Invoke($"schedule {name} completed and was deleted (ActionAfterCompletion DELETE)");
            }
            catch (BackchannelException ex) when (ex.ErrorCode == "ResourceNotFoundException")
            {
                // Deleted by someone else meanwhile: the same end state.
            }
        }
        return fired;
    }

    private Task<JsonObject> GetScheduleAsync(string group, string name, CancellationToken cancellationToken) =>
        _moto.RestJsonAsync("scheduler", HttpMethod.Get, SchedulePath(group, name), cancellationToken: cancellationToken);

    private static string SchedulePath(string group, string name) =>
        $"/schedules/{Uri.EscapeDataString(name)}?groupName={Uri.EscapeDataString(group)}";

    private async Task<ScheduleFiring> InvokeAsync(string group, string name, string scheduleArn, JsonObject target, DateTimeOffset occurrence, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var targetArn = target["Arn"]?.GetValue<string>() ?? "";
        var roleArn = target["RoleArn"]?.GetValue<string>();
        var template = target["Input"]?.GetValue<string>() ?? "";
        var retry = target["RetryPolicy"] as JsonObject;
        var maxRetries = Math.Min(retry?["MaximumRetryAttempts"]?.GetValue<int>() ?? 185, MaxRetriesLocally);
        var maxAge = TimeSpan.FromSeconds(retry?["MaximumEventAgeInSeconds"]?.GetValue<int>() ?? 86400);
        var executionId = ExecutionId(scheduleArn, occurrence);
        var handler = HandlerFor(targetArn);
        string? error = null;
        for (var attempt = 1; ; attempt++)
        {
            var input = template
                .Replace("<aws.scheduler.schedule-arn>", scheduleArn, StringComparison.Ordinal)
                .Replace("<aws.scheduler.scheduled-time>", occurrence.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("<aws.scheduler.execution-id>", executionId, StringComparison.Ordinal)
                .Replace("<aws.scheduler.attempt-number>", attempt.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            var invocation = new ScheduleInvocation(group, name, targetArn, roleArn, input, occurrence);
            if (handler is null)
            {
                error = $"no local target handles {targetArn}";
                break;
            }
            try
            {
                await handler(invocation, cancellationToken).ConfigureAwait(false);
                var ok = new ScheduleFiring(invocation, attempt, null);
                Report(ok);
                return ok;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = ex.Message;
                var backoff = _options.RetryBaseDelay * Math.Min(60, 1 << Math.Min(attempt - 1, 6));
                if (attempt > maxRetries || _time.GetUtcNow() + backoff - occurrence > maxAge)
                {
                    break;
                }
                _options.Log?.Invoke($"schedule {name} attempt {attempt} -> {targetArn} failed ({ex.Message}); retrying in {backoff.TotalSeconds:0}s");
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        var failed = new ScheduleFiring(new ScheduleInvocation(group, name, targetArn, roleArn, template, occurrence), 0, error);
        Report(failed);
        return failed;
    }

    private void Report(ScheduleFiring firing)
    {
        _options.Log?.Invoke(firing.Error is null
            ? $"schedule {firing.Invocation.ScheduleName} fired -> {firing.Invocation.TargetArn} (scheduled {firing.Invocation.ScheduledTime.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z)"
            : $"schedule {firing.Invocation.ScheduleName} failed -> {firing.Invocation.TargetArn}: {firing.Error}");
        Fired?.Invoke(firing);
    }

    private ScheduleTargetHandler? HandlerFor(string targetArn)
    {
        lock (_targets)
        {
            return _targets.Where(t => targetArn.StartsWith(t.Prefix, StringComparison.Ordinal)).OrderByDescending(t => t.Prefix.Length).Select(t => t.Handler).FirstOrDefault();
        }
    }

    /// <summary>SNS topic targets: Scheduler calls sns:Publish with the Input as the message.</summary>
    private async Task PublishAsync(ScheduleInvocation invocation, CancellationToken cancellationToken) =>
        await _moto.QueryAsync("sns", "Publish", [new("TopicArn", invocation.TargetArn), new("Message", invocation.Input)], cancellationToken).ConfigureAwait(false);

    private async Task<List<string>> ListGroupsAsync(CancellationToken cancellationToken)
    {
        var groups = new List<string>();
        string? token = null;
        do
        {
            var page = await _moto.RestJsonAsync("scheduler", HttpMethod.Get, "/schedule-groups" + (token is null ? "" : "?NextToken=" + Uri.EscapeDataString(token)), cancellationToken: cancellationToken).ConfigureAwait(false);
            groups.AddRange((page["ScheduleGroups"] as JsonArray ?? []).Select(g => g?["Name"]?.GetValue<string>()).OfType<string>());
            token = page["NextToken"]?.GetValue<string>();
        }
        while (token is not null);
        if (!groups.Contains("default"))
        {
            groups.Insert(0, "default");
        }
        return _options.GroupNames is { } only ? groups.Where(only.Contains).ToList() : groups;
    }

    private async Task<List<string>> ListSchedulesAsync(string group, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var path = "/schedules?ScheduleGroup=" + Uri.EscapeDataString(group) + (token is null ? "" : "&NextToken=" + Uri.EscapeDataString(token));
            var page = await _moto.RestJsonAsync("scheduler", HttpMethod.Get, path, cancellationToken: cancellationToken).ConfigureAwait(false);
            names.AddRange((page["Schedules"] as JsonArray ?? [])
                .Where(s => (s?["GroupName"]?.GetValue<string>() ?? group) == group)
                .Select(s => s?["Name"]?.GetValue<string>()).OfType<string>());
            token = page["NextToken"]?.GetValue<string>();
        }
        while (token is not null);
        return names;
    }

    private static TimeSpan? FlexibleWindow(JsonNode? window) =>
        window?["Mode"]?.GetValue<string>() == "FLEXIBLE" && window["MaximumWindowInMinutes"]?.GetValue<int>() is int minutes and > 0
            ? TimeSpan.FromMinutes(minutes)
            : null;

    /// <summary>A seeded, deterministic point in [0, window) per schedule and occurrence.</summary>
    private TimeSpan FlexibleOffset(string arn, DateTimeOffset occurrence, TimeSpan? window)
    {
        if (window is not { } w)
        {
            return TimeSpan.Zero;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{_options.Seed}|{arn}|{occurrence.UtcTicks}")));
        var value = BitConverter.ToUInt64(hash, 0);
        return TimeSpan.FromSeconds((double)(value % (ulong)w.TotalSeconds));
    }

    private static string ExecutionId(string arn, DateTimeOffset occurrence)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(FormattableString.Invariant($"{arn}|{occurrence.UtcTicks}")));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private static DateTimeOffset? Timestamp(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<double>(out var seconds) => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)),
        JsonValue v when v.TryGetValue<string>(out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) => t,
        _ => null,
    };

    private static Dictionary<string, ScheduleProgress> LoadProgress(string? path)
    {
        if (path is null || !File.Exists(path))
        {
            return new Dictionary<string, ScheduleProgress>(StringComparer.Ordinal);
        }
        var loaded = JsonSerializer.Deserialize<Dictionary<string, ScheduleProgress>>(File.ReadAllText(path));
        return new Dictionary<string, ScheduleProgress>(loaded ?? [], StringComparer.Ordinal);
    }

    private void SaveProgress()
    {
        if (_options.StatePath is not { } path)
        {
            return;
        }
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(_progress));
        File.Move(temp, path, overwrite: true);
    }
}

/// <summary>Where a schedule's rate counts from, and the last occurrence fired (exclusive lower bound of the next).</summary>
public sealed record ScheduleProgress(DateTimeOffset Anchor, DateTimeOffset LastFired);

/// <summary>One occurrence's target call: the attempt that succeeded, or the error after the last attempt.</summary>
public sealed record ScheduleFiring(ScheduleInvocation Invocation, int Attempt, string? Error);

public sealed record LocalSchedulerOptions
{
    /// <summary>LocalCloud's clock (the engine's virtual clock on <c>up</c>).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Seeds the flexible windows' times.</summary>
    public int Seed { get; init; }

    /// <summary>The JSON file keeping each schedule's last fired occurrence (in <c>up</c>'s data folder); null keeps it in memory.</summary>
    public string? StatePath { get; init; }

    /// <summary>Occurrences after this instant fire at the first poll (default: the first poll's time).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    public Action<string>? Log { get; init; }

    /// <summary>Only these schedule groups (null: every group).</summary>
    public IReadOnlyCollection<string>? GroupNames { get; init; }

    /// <summary>The first retry's wait; each next one doubles (at most 60 times this).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);
}
