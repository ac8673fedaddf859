namespace Provisioner.Aws.CloudWatch;

/// <summary>Every page of DescribeAlarms (NextToken).</summary>
public static class CloudWatchPaging
{
    public static IAsyncEnumerable<MetricAlarm> DescribeAllAlarmsAsync(this ICloudWatchClient client, DescribeAlarmsRequest request, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((token, ct) => client.DescribeAlarmsAsync(request with { NextToken = token }, ct), p => p.MetricAlarms, p => p.NextToken, cancellationToken);
}
