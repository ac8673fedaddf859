namespace Provisioner.Aws.CloudWatch;

/// <summary>
/// Amazon CloudWatch (alarms and dashboards), AWS Query protocol, API 2010-08-01.
/// Errors: <see cref="AwsServiceException"/>.
/// </summary>
/// <remarks>
/// PutMetricAlarm and PutDashboard are upserts by name, so they are idempotent as they stand.
/// DeleteAlarms of names that do not exist succeeds; DeleteDashboards of a missing dashboard answers
/// <c>ResourceNotFound</c> (HTTP 404), which <see cref="AwsServiceException.IsNotFound"/> recognises.
/// </remarks>
public interface ICloudWatchClient
{
    Task PutMetricAlarmAsync(PutMetricAlarmRequest request, CancellationToken cancellationToken = default);

    /// <summary>One page of metric alarms, by names or by name prefix.</summary>
    Task<DescribeAlarmsResponse> DescribeAlarmsAsync(DescribeAlarmsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Up to 100 names per call.</summary>
    Task DeleteAlarmsAsync(IReadOnlyList<string> alarmNames, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a dashboard; <paramref name="dashboardBody"/> is its JSON document.</summary>
    Task PutDashboardAsync(string dashboardName, string dashboardBody, CancellationToken cancellationToken = default);

    /// <summary>The tags of an alarm (ListTagsForResource; dashboards cannot carry tags).</summary>
    Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken = default);

    Task DeleteDashboardsAsync(IReadOnlyList<string> dashboardNames, CancellationToken cancellationToken = default);

    /// <summary>Alarms keep evaluating but take no action (office hours: asleep). Up to 100 names.</summary>
    Task DisableAlarmActionsAsync(IReadOnlyList<string> alarmNames, CancellationToken cancellationToken = default);

    /// <summary>Alarms act again on state changes (office hours: awake). Up to 100 names.</summary>
    Task EnableAlarmActionsAsync(IReadOnlyList<string> alarmNames, CancellationToken cancellationToken = default);
}
