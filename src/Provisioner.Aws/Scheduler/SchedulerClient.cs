using System.Text.Json;
using Provisioner.Aws.Protocols;

namespace Provisioner.Aws.Scheduler;

/// <summary>EventBridge Scheduler over REST-JSON (API 2021-06-30).</summary>
internal sealed class SchedulerClient(AwsTransport transport) : ISchedulerClient
{
    private readonly RestJsonProtocol _rest = new(transport, AwsService.Scheduler);

    public async Task<string> CreateScheduleAsync(ScheduleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var r = await _rest.CallAsync("CreateSchedule", HttpMethod.Post, SchedulePath(request.Name), null, w => WriteSchedule(w, request), cancellationToken).ConfigureAwait(false);
        return r.RequiredString("ScheduleArn");
    }

    public async Task<Schedule> GetScheduleAsync(string name, string? groupName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var r = await _rest.CallAsync("GetSchedule", HttpMethod.Get, SchedulePath(name), [new("groupName", groupName)], null, cancellationToken).ConfigureAwait(false);
        var window = r.Member("FlexibleTimeWindow") is { } fw ? new FlexibleTimeWindow(fw.String("Mode") ?? "OFF", fw.Int("MaximumWindowInMinutes")) : null;
        ScheduleTarget? target = null;
        if (r.Member("Target") is { } t)
        {
            var retry = t.Member("RetryPolicy");
            target = new ScheduleTarget(t.String("Arn") ?? "", t.String("RoleArn") ?? "", t.String("Input"), retry?.Int("MaximumRetryAttempts"), retry?.Int("MaximumEventAgeInSeconds"));
        }
        return new Schedule(
            r.RequiredString("Arn"),
            r.String("Name") ?? name,
            r.String("GroupName"),
            r.String("ScheduleExpression") ?? "",
            r.String("ScheduleExpressionTimezone"),
            r.String("State"),
            r.String("Description"),
            window,
            target,
            r.Timestamp("CreationDate"),
            r.Timestamp("LastModificationDate"));
    }

    public async Task<string> UpdateScheduleAsync(ScheduleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var r = await _rest.CallAsync("UpdateSchedule", HttpMethod.Put, SchedulePath(request.Name), null, w => WriteSchedule(w, request), cancellationToken).ConfigureAwait(false);
        return r.RequiredString("ScheduleArn");
    }

    public async Task DeleteScheduleAsync(string name, string? groupName = null, string? clientToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await _rest.CallAsync("DeleteSchedule", HttpMethod.Delete, SchedulePath(name), [new("clientToken", clientToken), new("groupName", groupName)], null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ListSchedulesResponse> ListSchedulesAsync(ListSchedulesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = new KeyValuePair<string, string?>[]
        {
            new("ScheduleGroup", request.GroupName),
            new("MaxResults", request.MaxResults?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("NamePrefix", request.NamePrefix),
            new("NextToken", request.NextToken),
            new("State", request.State),
        };
        var r = await _rest.CallAsync("ListSchedules", HttpMethod.Get, "/schedules", query, null, cancellationToken).ConfigureAwait(false);
        var schedules = r.Array("Schedules").Select(s => new ScheduleSummary(
            s.RequiredString("Arn"),
            s.RequiredString("Name"),
            s.String("GroupName"),
            s.String("State"),
            s.Member("Target")?.String("Arn"))).ToList();
        return new ListSchedulesResponse(schedules, r.String("NextToken"));
    }

    private static string SchedulePath(string name) => "/schedules/" + RestJsonProtocol.Label(name);

    private static void WriteSchedule(Utf8JsonWriter w, ScheduleRequest request)
    {
        w.StringIfSet("ActionAfterCompletion", request.ActionAfterCompletion);
        w.StringIfSet("ClientToken", request.ClientToken);
        w.StringIfSet("Description", request.Description);
        w.WriteStartObject("FlexibleTimeWindow");
        w.WriteString("Mode", request.FlexibleTimeWindow.Mode);
        w.NumberIfSet("MaximumWindowInMinutes", request.FlexibleTimeWindow.MaximumWindowInMinutes);
        w.WriteEndObject();
        w.StringIfSet("GroupName", request.GroupName);
        w.WriteString("ScheduleExpression", request.ScheduleExpression);
        w.StringIfSet("ScheduleExpressionTimezone", request.ScheduleExpressionTimezone);
        w.StringIfSet("State", request.State);
        w.WriteStartObject("Target");
        w.WriteString("Arn", request.Target.Arn);
        w.StringIfSet("Input", request.Target.Input);
        if (request.Target.MaximumRetryAttempts is not null || request.Target.MaximumEventAgeInSeconds is not null)
        {
            w.WriteStartObject("RetryPolicy");
            w.NumberIfSet("MaximumEventAgeInSeconds", request.Target.MaximumEventAgeInSeconds);
            w.NumberIfSet("MaximumRetryAttempts", request.Target.MaximumRetryAttempts);
            w.WriteEndObject();
        }
        w.WriteString("RoleArn", request.Target.RoleArn);
        w.WriteEndObject();
    }
}
