namespace Provisioner.Aws.Scheduler;

/// <summary>Every page of ListSchedules (NextToken).</summary>
public static class SchedulerPaging
{
    public static IAsyncEnumerable<ScheduleSummary> ListAllSchedulesAsync(this ISchedulerClient client, ListSchedulesRequest request, CancellationToken cancellationToken = default) =>
        AwsPaging.AllAsync((token, ct) => client.ListSchedulesAsync(request with { NextToken = token }, ct), p => p.Schedules, p => p.NextToken, cancellationToken);
}
