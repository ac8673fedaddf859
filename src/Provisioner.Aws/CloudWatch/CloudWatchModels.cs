namespace Provisioner.Aws.CloudWatch;

public sealed record MetricDimension(string Name, string Value);

public sealed record PutMetricAlarmRequest
{
    public required string AlarmName { get; init; }
    public string? AlarmDescription { get; init; }
    /// <summary>E.g. <c>AWS/EC2</c>, <c>AWS/ApplicationELB</c>.</summary>
    public required string Namespace { get; init; }
    public required string MetricName { get; init; }
    public IReadOnlyList<MetricDimension>? Dimensions { get; init; }
    /// <summary><c>Average</c> | <c>Sum</c> | <c>Minimum</c> | <c>Maximum</c> | <c>SampleCount</c>.</summary>
    public required string Statistic { get; init; }
    public required int Period { get; init; }
    public required int EvaluationPeriods { get; init; }
    public int? DatapointsToAlarm { get; init; }
    public required double Threshold { get; init; }
    /// <summary>E.g. <c>GreaterThanThreshold</c>, <c>GreaterThanOrEqualToThreshold</c>.</summary>
    public required string ComparisonOperator { get; init; }
    /// <summary><c>breaching</c> | <c>notBreaching</c> | <c>ignore</c> | <c>missing</c>.</summary>
    public string? TreatMissingData { get; init; }
    public bool? ActionsEnabled { get; init; }
    public IReadOnlyList<string>? AlarmActions { get; init; }
    public IReadOnlyList<string>? OkActions { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record DescribeAlarmsRequest
{
    public IReadOnlyList<string>? AlarmNames { get; init; }
    public string? AlarmNamePrefix { get; init; }
    public string? NextToken { get; init; }
    public int? MaxRecords { get; init; }
}

/// <summary>StateValue: <c>OK</c> | <c>ALARM</c> | <c>INSUFFICIENT_DATA</c>.</summary>
public sealed record MetricAlarm(
    string AlarmName,
    string? AlarmArn,
    string? Namespace,
    string? MetricName,
    string? Statistic,
    int? Period,
    int? EvaluationPeriods,
    double? Threshold,
    string? ComparisonOperator,
    string? StateValue,
    IReadOnlyList<MetricDimension> Dimensions,
    IReadOnlyList<string> AlarmActions)
{
    /// <summary>False while the alarm's actions are disabled (DisableAlarmActions).</summary>
    public bool? ActionsEnabled { get; init; }
}

public sealed record DescribeAlarmsResponse(IReadOnlyList<MetricAlarm> MetricAlarms, string? NextToken);
