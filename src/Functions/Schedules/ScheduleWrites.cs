using Provisioner.Aws;
using Provisioner.Aws.Scheduler;

namespace Provisioner.Functions.Schedules;

/// <summary>The shape every schedule of an environment has, and the two idempotent writes it is made with.</summary>
public static class ScheduleWrites
{
    /// <summary>An enabled schedule with no flexible window: what an environment's schedules are (only the log export's has a window).</summary>
    public static ScheduleRequest Enabled(string name, string groupName, string expression, string timezone, ScheduleTarget target, string description, string? actionAfterCompletion) => new()
    {
        Name = name,
        GroupName = groupName,
        ScheduleExpression = expression,
        ScheduleExpressionTimezone = timezone,
        FlexibleTimeWindow = FlexibleTimeWindow.Off,
        Target = target,
        State = "ENABLED",
        Description = description,
        ActionAfterCompletion = actionAfterCompletion,
    };

    /// <summary>
    /// Creates the schedule, and on ConflictException updates it with the whole request (Update resets every
    /// field it is not sent), so a retry or a second writer never makes two and never leaves half a schedule; one
    /// deleted between the create and the update (it fired, or a teardown took it) is made again.
    /// </summary>
    public static async Task UpsertAsync(this ISchedulerClient scheduler, ScheduleRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        try
        {
            await scheduler.CreateScheduleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == AwsErrorCodes.SchedulerConflict)
        {
            try
            {
                await scheduler.UpdateScheduleAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException gone) when (gone.IsNotFound)
            {
                await scheduler.CreateScheduleAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Deletes the schedule; one that is not there (never made, fired and deleted itself, already cleared) is done.</summary>
    public static async Task DeleteIfPresentAsync(this ISchedulerClient scheduler, string name, string groupName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        try
        {
            await scheduler.DeleteScheduleAsync(name, groupName, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            // Not there: nothing to delete.
        }
    }
}
