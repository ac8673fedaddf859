using Provisioner.Aws.CloudWatch;
using Provisioner.Aws.CloudWatchLogs;
using Provisioner.Aws.Scheduler;
using Provisioner.Aws.Sns;

namespace Provisioner.Functions.Tests.Steps.Fakes;

/// <summary>CloudWatch in memory: alarms and dashboards are upserts by name.</summary>
public sealed class FakeCloudWatch(FakeAws aws) : FakeService(aws, "cloudwatch"), ICloudWatchClient
{
    public Dictionary<string, PutMetricAlarmRequest> Alarms { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Dashboards { get; } = new(StringComparer.Ordinal);

    public Task PutMetricAlarmAsync(PutMetricAlarmRequest request, CancellationToken cancellationToken = default) =>
        Do("PutMetricAlarm", request.AlarmName, () => { Alarms[request.AlarmName] = request; });

    public Task<DescribeAlarmsResponse> DescribeAlarmsAsync(DescribeAlarmsRequest request, CancellationToken cancellationToken = default) =>
        Do("DescribeAlarms", "", () => new DescribeAlarmsResponse(
            Alarms.Values.Where(a => request.AlarmNames is null || request.AlarmNames.Contains(a.AlarmName))
                .Select(a => new MetricAlarm(a.AlarmName, AlarmArn(a.AlarmName), a.Namespace, a.MetricName, a.Statistic, a.Period, a.EvaluationPeriods, a.Threshold, a.ComparisonOperator, "OK", a.Dimensions ?? [], a.AlarmActions ?? []) { ActionsEnabled = a.ActionsEnabled ?? true })
                .ToList(), null));

    public Task DeleteAlarmsAsync(IReadOnlyList<string> alarmNames, CancellationToken cancellationToken = default) =>
        Do("DeleteAlarms", string.Join(",", alarmNames), () =>
        {
            foreach (var name in alarmNames)
            {
                Alarms.Remove(name);
            }
        });

    public Task DisableAlarmActionsAsync(IReadOnlyList<string> alarmNames, CancellationToken cancellationToken = default) =>
        Do("DisableAlarmActions", string.Join(",", alarmNames), () => SetActions(alarmNames, false));

    public Task EnableAlarmActionsAsync(IReadOnlyList<string> alarmNames, CancellationToken cancellationToken = default) =>
        Do("EnableAlarmActions", string.Join(",", alarmNames), () => SetActions(alarmNames, true));

    private void SetActions(IReadOnlyList<string> alarmNames, bool enabled)
    {
        foreach (var name in alarmNames.Where(Alarms.ContainsKey))
        {
            Alarms[name] = Alarms[name] with { ActionsEnabled = enabled };
        }
    }

    public Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyDictionary<string, string>>("ListTagsForResource", resourceArn, () =>
            Alarms.TryGetValue(resourceArn[(resourceArn.LastIndexOf(':') + 1)..], out var alarm)
                ? Copy(alarm.Tags)
                : throw Error("ListTagsForResource", "ResourceNotFoundException", "The specified resource does not exist.", System.Net.HttpStatusCode.NotFound));

    private static string AlarmArn(string name) => $"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{name}";

    public Task PutDashboardAsync(string dashboardName, string dashboardBody, CancellationToken cancellationToken = default) =>
        Do("PutDashboard", dashboardName, () => { Dashboards[dashboardName] = dashboardBody; });

    public Task DeleteDashboardsAsync(IReadOnlyList<string> dashboardNames, CancellationToken cancellationToken = default) =>
        Do("DeleteDashboards", string.Join(",", dashboardNames), () =>
        {
            if (dashboardNames.Any(n => !Dashboards.ContainsKey(n)))
            {
                throw Error("DeleteDashboards", "ResourceNotFound", "The specified dashboard does not exist.", System.Net.HttpStatusCode.NotFound);
            }
            foreach (var name in dashboardNames)
            {
                Dashboards.Remove(name);
            }
        });
}

/// <summary>SNS in memory: CreateTopic idempotent by name, DeleteTopic of a missing topic succeeds.</summary>
public sealed class FakeSns(FakeAws aws) : FakeService(aws, "sns"), ISnsClient
{
    public Dictionary<string, Dictionary<string, string>> Topics { get; } = new(StringComparer.Ordinal);
    public List<Subscription> Subscriptions { get; } = [];

    public Task<string> CreateTopicAsync(string name, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default) =>
        Do("CreateTopic", name, () =>
        {
            var arn = $"arn:aws:sns:us-east-1:123456789012:{name}";
            Topics.TryAdd(arn, Copy(tags));
            return arn;
        });

    public Task DeleteTopicAsync(string topicArn, CancellationToken cancellationToken = default) =>
        Do("DeleteTopic", topicArn, () =>
        {
            Topics.Remove(topicArn);
            Subscriptions.RemoveAll(s => s.TopicArn == topicArn);
        });

    public Task<string> SubscribeAsync(string topicArn, string protocol, string endpoint, CancellationToken cancellationToken = default) =>
        Do("Subscribe", endpoint, () =>
        {
            var arn = $"{topicArn}:{Guid.NewGuid()}";
            Subscriptions.Add(new Subscription(arn, topicArn, protocol, endpoint, "123456789012"));
            return arn;
        });

    public Task<ListSubscriptionsByTopicResponse> ListSubscriptionsByTopicAsync(string topicArn, string? nextToken = null, CancellationToken cancellationToken = default) =>
        Do("ListSubscriptionsByTopic", topicArn, () => new ListSubscriptionsByTopicResponse(Subscriptions.Where(s => s.TopicArn == topicArn).ToList(), null));

    public Task<ListTopicsResponse> ListTopicsAsync(string? nextToken = null, CancellationToken cancellationToken = default) =>
        Do("ListTopics", "", () => new ListTopicsResponse(Topics.Keys.ToList(), null));

    public Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyDictionary<string, string>>("ListTagsForResource", resourceArn, () =>
            Topics.TryGetValue(resourceArn, out var tags)
                ? new Dictionary<string, string>(tags, StringComparer.Ordinal)
                : throw Error("ListTagsForResource", "ResourceNotFound", "Resource does not exist", System.Net.HttpStatusCode.NotFound));

    public Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        Do("TagResource", resourceArn, () => { });
}

/// <summary>CloudWatch Logs in memory.</summary>
public sealed class FakeLogs(FakeAws aws) : FakeService(aws, "logs"), ICloudWatchLogsClient
{
    public Dictionary<string, (Dictionary<string, string> Tags, int? Retention)> Groups { get; } = new(StringComparer.Ordinal);

    public Task CreateLogGroupAsync(string logGroupName, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default) =>
        Do("CreateLogGroup", logGroupName, () =>
        {
            if (!Groups.TryAdd(logGroupName, (Copy(tags), null)))
            {
                throw Error("CreateLogGroup", "ResourceAlreadyExistsException", "The specified log group already exists");
            }
        });

    public Task DeleteLogGroupAsync(string logGroupName, CancellationToken cancellationToken = default) =>
        Do("DeleteLogGroup", logGroupName, () =>
        {
            if (!Groups.Remove(logGroupName))
            {
                throw Error("DeleteLogGroup", "ResourceNotFoundException", "The specified log group does not exist.");
            }
        });

    public Task<DescribeLogGroupsResponse> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken = default) =>
        Do("DescribeLogGroups", "", () => new DescribeLogGroupsResponse(
            Groups.Where(g => g.Key.StartsWith(request.LogGroupNamePrefix ?? "", StringComparison.Ordinal)).Select(g => new LogGroup(g.Key, ArnPrefix + g.Key + ":*", g.Value.Retention, null)).ToList(), null));

    public Task PutRetentionPolicyAsync(string logGroupName, int retentionInDays, CancellationToken cancellationToken = default) =>
        Do("PutRetentionPolicy", $"{logGroupName} {retentionInDays}", () =>
        {
            var group = Groups.GetValueOrDefault(logGroupName);
            if (group.Tags is null)
            {
                throw Error("PutRetentionPolicy", "ResourceNotFoundException");
            }
            Groups[logGroupName] = (group.Tags, retentionInDays);
        });

    public Task<string> CreateExportTaskAsync(CreateExportTaskRequest request, CancellationToken cancellationToken = default) =>
        Do<string>("CreateExportTask", "", () => throw new NotSupportedException("not used by the steps"));

    public Task<DescribeExportTasksResponse> DescribeExportTasksAsync(DescribeExportTasksRequest request, CancellationToken cancellationToken = default) =>
        Do<DescribeExportTasksResponse>("DescribeExportTasks", "", () => throw new NotSupportedException("not used by the steps"));

    public Task CancelExportTaskAsync(string taskId, CancellationToken cancellationToken = default) =>
        Do("CancelExportTask", taskId, () => throw new NotSupportedException("not used by the steps"));

    public Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        Do("TagResource", resourceArn, () =>
        {
            foreach (var tag in tags)
            {
                Group("TagResource", resourceArn).Tags[tag.Key] = tag.Value;
            }
        });

    public Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyDictionary<string, string>>("ListTagsForResource", resourceArn, () => new Dictionary<string, string>(Group("ListTagsForResource", resourceArn).Tags, StringComparer.Ordinal));

    private const string ArnPrefix = "arn:aws:logs:us-east-1:123456789012:log-group:";

    private (Dictionary<string, string> Tags, int? Retention) Group(string operation, string resourceArn) =>
        resourceArn.StartsWith(ArnPrefix, StringComparison.Ordinal) && Groups.TryGetValue(resourceArn[ArnPrefix.Length..], out var group)
            ? group
            : throw Error(operation, "ResourceNotFoundException", "The specified log group does not exist.");
}

/// <summary>
/// EventBridge Scheduler in memory: ConflictException on an existing name; as on AWS a schedule is found only in
/// its own group (no group: <c>default</c>), so a Get or Delete without the group misses a schedule made in one.
/// </summary>
public sealed class FakeScheduler(FakeAws aws) : FakeService(aws, "scheduler"), ISchedulerClient
{
    public Dictionary<string, ScheduleRequest> Schedules { get; } = new(StringComparer.Ordinal);

    public Task<string> CreateScheduleAsync(ScheduleRequest request, CancellationToken cancellationToken = default) =>
        Do("CreateSchedule", request.Name, () =>
        {
            if (!Schedules.TryAdd(request.Name, request))
            {
                throw Error("CreateSchedule", "ConflictException", $"Schedule {request.Name} already exists.", System.Net.HttpStatusCode.Conflict);
            }
            return Arn(request.Name);
        });

    public Task<Schedule> GetScheduleAsync(string name, string? groupName = null, CancellationToken cancellationToken = default) =>
        Do("GetSchedule", name, () => Schedules.TryGetValue(name, out var r) && Group(r.GroupName) == Group(groupName)
            ? new Schedule(Arn(name), name, Group(r.GroupName), r.ScheduleExpression, null, r.State, r.Description, r.FlexibleTimeWindow, r.Target, null, null)
            : throw Error("GetSchedule", "ResourceNotFoundException", "", System.Net.HttpStatusCode.NotFound));

    public Task<string> UpdateScheduleAsync(ScheduleRequest request, CancellationToken cancellationToken = default) =>
        Do("UpdateSchedule", request.Name, () =>
        {
            if (!Schedules.TryGetValue(request.Name, out var r) || Group(r.GroupName) != Group(request.GroupName))
            {
                throw Error("UpdateSchedule", "ResourceNotFoundException", "", System.Net.HttpStatusCode.NotFound);
            }
            Schedules[request.Name] = request;
            return Arn(request.Name);
        });

    public Task DeleteScheduleAsync(string name, string? groupName = null, string? clientToken = null, CancellationToken cancellationToken = default) =>
        Do("DeleteSchedule", name, () =>
        {
            if (!Schedules.TryGetValue(name, out var r) || Group(r.GroupName) != Group(groupName) || !Schedules.Remove(name))
            {
                throw Error("DeleteSchedule", "ResourceNotFoundException", $"Schedule {name} does not exist.", System.Net.HttpStatusCode.NotFound);
            }
        });

    public Task<ListSchedulesResponse> ListSchedulesAsync(ListSchedulesRequest request, CancellationToken cancellationToken = default) =>
        Do("ListSchedules", "", () => new ListSchedulesResponse(Schedules.Keys.Select(n => new ScheduleSummary(Arn(n), n, "default", "ENABLED", null)).ToList(), null));

    private static string Arn(string name) => $"arn:aws:scheduler:us-east-1:123456789012:schedule/default/{name}";

    private static string Group(string? groupName) => groupName ?? "default";
}
