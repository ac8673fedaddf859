using Provisioner.Aws.Protocols;

namespace Provisioner.Aws.CloudWatch;

/// <summary>
/// CloudWatch over AWS Query (API 2010-08-01). AWS also serves CloudWatch over JSON and CBOR; Query is the
/// protocol every CloudWatch endpoint and emulator answers, and the one the goldens pin.
/// </summary>
internal sealed class CloudWatchClient(AwsTransport transport) : ICloudWatchClient
{
    private readonly QueryProtocol _query = new(transport, AwsService.CloudWatch, "2010-08-01");

    public async Task PutMetricAlarmAsync(PutMetricAlarmRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("PutMetricAlarm")
            .Add("AlarmName", request.AlarmName)
            .Add("AlarmDescription", request.AlarmDescription)
            .Add("ActionsEnabled", request.ActionsEnabled)
            .AddList("OKActions", request.OkActions)
            .AddList("AlarmActions", request.AlarmActions)
            .Add("MetricName", request.MetricName)
            .Add("Namespace", request.Namespace)
            .Add("Statistic", request.Statistic)
            .AddList("Dimensions", request.Dimensions, static (q, prefix, d) => q.Add(prefix + ".Name", d.Name).Add(prefix + ".Value", d.Value))
            .Add("Period", request.Period)
            .Add("EvaluationPeriods", request.EvaluationPeriods)
            .Add("DatapointsToAlarm", request.DatapointsToAlarm)
            .Add("Threshold", request.Threshold)
            .Add("ComparisonOperator", request.ComparisonOperator)
            .Add("TreatMissingData", request.TreatMissingData)
            .AddKeyValueList("Tags", request.Tags);
        await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DescribeAlarmsResponse> DescribeAlarmsAsync(DescribeAlarmsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("DescribeAlarms")
            .AddList("AlarmNames", request.AlarmNames)
            .Add("AlarmNamePrefix", request.AlarmNamePrefix)
            .Add("MaxRecords", request.MaxRecords)
            .Add("NextToken", request.NextToken);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        var alarms = result.Members("MetricAlarms").Select(a => new MetricAlarm(
            a.RequiredValue("AlarmName"),
            a.ChildValue("AlarmArn"),
            a.ChildValue("Namespace"),
            a.ChildValue("MetricName"),
            a.ChildValue("Statistic"),
            a.ChildInt("Period"),
            a.ChildInt("EvaluationPeriods"),
            a.ChildDouble("Threshold"),
            a.ChildValue("ComparisonOperator"),
            a.ChildValue("StateValue"),
            a.Members("Dimensions").Select(d => new MetricDimension(d.ChildValue("Name") ?? "", d.ChildValue("Value") ?? "")).ToList(),
            a.MemberValues("AlarmActions"))
        {
            ActionsEnabled = a.ChildBool("ActionsEnabled"),
        }).ToList();
        return new DescribeAlarmsResponse(alarms, result.ChildValue("NextToken"));
    }

    public async Task DeleteAlarmsAsync(IReadOnlyList<string> alarmNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alarmNames);
        await _query.CallAsync(_query.NewRequest("DeleteAlarms").AddList("AlarmNames", alarmNames), cancellationToken).ConfigureAwait(false);
    }

    public async Task PutDashboardAsync(string dashboardName, string dashboardBody, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dashboardName);
        ArgumentException.ThrowIfNullOrEmpty(dashboardBody);
        var q = _query.NewRequest("PutDashboard").Add("DashboardName", dashboardName).Add("DashboardBody", dashboardBody);
        // A 200 may carry DashboardValidationMessages: warnings only (the dashboard was saved). Invalid
        // input is a 400 InvalidParameterInput, which the transport already turns into an exception.
        await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resourceArn);
        var result = await _query.CallAsync(_query.NewRequest("ListTagsForResource").Add("ResourceARN", resourceArn), cancellationToken).ConfigureAwait(false);
        return result.KeyValueMembers("Tags");
    }

    public async Task DeleteDashboardsAsync(IReadOnlyList<string> dashboardNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dashboardNames);
        await _query.CallAsync(_query.NewRequest("DeleteDashboards").AddList("DashboardNames", dashboardNames), cancellationToken).ConfigureAwait(false);
    }

    public async Task DisableAlarmActionsAsync(IReadOnlyList<string> alarmNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alarmNames);
        await _query.CallAsync(_query.NewRequest("DisableAlarmActions").AddList("AlarmNames", alarmNames), cancellationToken).ConfigureAwait(false);
    }

    public async Task EnableAlarmActionsAsync(IReadOnlyList<string> alarmNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alarmNames);
        await _query.CallAsync(_query.NewRequest("EnableAlarmActions").AddList("AlarmNames", alarmNames), cancellationToken).ConfigureAwait(false);
    }
}
