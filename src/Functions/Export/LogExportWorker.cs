using Provisioner.Aws;
using Provisioner.Aws.CloudWatchLogs;
using Provisioner.Core.Steps;

namespace Provisioner.Functions.Export;

/// <summary>The schedule's input (and the teardown's final export) plus the execution that carries it.</summary>
public sealed record EnqueueInput(string EnvironmentId, int Generation, string LogGroupName, bool Final, string Holder);

public sealed record HolderInput(string Holder);

public sealed record CheckInput(string Holder, ActiveExport Task);

/// <summary><c>Acquired</c>: this execution holds the account's export slot; <c>Task</c>: a task in flight it must finish first.</summary>
public sealed record AcquireOutput(bool Acquired, ActiveExport? Task);

/// <summary><see cref="LogExportWorker.Started"/> (Task to poll), <see cref="LogExportWorker.Skipped"/>, <see cref="LogExportWorker.Busy"/> or <see cref="LogExportWorker.Idle"/>.</summary>
public sealed record StartOutput(string State, ActiveExport? Task);

public sealed record CheckOutput(bool Done, string Status);

/// <summary><c>More</c>: something was queued after the slot was given up; the execution takes the slot again.</summary>
public sealed record ReleaseOutput(bool Released, bool More);

/// <summary>
/// The log-export worker's functions (statemachine/log-export.asl.json). Every execution queues its environment
/// and tries to take the account's one export slot; the holder exports the queued environments one at a time,
/// oldest first (CreateExportTask, then polls DescribeExportTasks), advancing each checkpoint when its task
/// completes and queueing it again at the back when it fails or is cancelled, until the queue is empty. An
/// execution that finds the slot taken ends at once: the holder takes its environment too.
/// </summary>
public sealed class LogExportWorker(LogExportTable queue, ICloudWatchLogsClient logs, LogExportSettings settings, TimeProvider time)
{
    public const string Started = "STARTED";
    public const string Skipped = "SKIPPED";
    public const string Busy = "BUSY";
    public const string Idle = "IDLE";

    /// <summary>The error an execution ends with when its lease expired and another execution took the slot.</summary>
    public const string LeaseLost = "LogExport.LeaseLost";

    /// <summary>CreateExportTask's answer while another export task is active in the account.</summary>
    private const string LimitExceeded = "LimitExceededException";

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<AcquireOutput> EnqueueAsync(EnqueueInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Generation < 1)
        {
            throw new StepFailedException(StepErrors.BadInput, "/generation: must be a whole number from 1");
        }
        await queue.EnqueueAsync(input.EnvironmentId, input.Generation, input.LogGroupName, input.Final, NowMs, cancellationToken).ConfigureAwait(false);
        return await AcquireAsync(new HolderInput(input.Holder), cancellationToken).ConfigureAwait(false);
    }

    public async Task<AcquireOutput> AcquireAsync(HolderInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var lease = await queue.TryAcquireAsync(input.Holder, NowMs, settings.Lease, cancellationToken).ConfigureAwait(false);
        return new AcquireOutput(lease is not null, lease?.Task);
    }

    /// <summary>Starts the export of the first queued environment (or resumes the task in flight on the slot).</summary>
    public async Task<StartOutput> StartAsync(HolderInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = NowMs;
        var lease = await queue.RenewAsync(input.Holder, now, settings.Lease, cancellationToken).ConfigureAwait(false) ?? throw Lost(input.Holder);
        if (lease.Task is { } inFlight)
        {
            return new StartOutput(Started, inFlight);
        }
        var queued = await queue.QueuedAsync(cancellationToken).ConfigureAwait(false);
        if (queued.Count == 0)
        {
            return new StartOutput(Idle, null);
        }
        var next = queued[0];
        // The final export takes everything up to now: nothing is written to the group after its teardown.
        var range = ExportRange.Next(next.Checkpoint, now, next.Final ? 0 : (long)settings.Settle.TotalMilliseconds);
        if (range is not { } r)
        {
            await FinishEmptyAsync(next, cancellationToken).ConfigureAwait(false);
            return new StartOutput(Skipped, null);
        }
        var prefix = DestinationPrefix(next.EnvironmentId, next.Generation);
        string taskId;
        try
        {
            taskId = await logs.CreateExportTaskAsync(new CreateExportTaskRequest
            {
                TaskName = $"{next.EnvironmentId}-{r.From}-{r.To}",
                LogGroupName = next.LogGroupName,
                From = r.FromTime,
                To = r.ToTime,
                Destination = settings.Bucket,
                DestinationPrefix = prefix,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == LimitExceeded)
        {
            // Another export task is active in the account: one of ours whose start was not recorded (adopt it), or not ours (wait).
            if (await FindActiveAsync(next.LogGroupName, r, cancellationToken).ConfigureAwait(false) is not { } orphan)
            {
                return new StartOutput(Busy, null);
            }
            taskId = orphan;
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            // The log group is gone: nothing left to export.
            await queue.DequeueAsync(next.EnvironmentId, deleted: next.Final, cancellationToken).ConfigureAwait(false);
            return new StartOutput(Skipped, null);
        }
        var task = new ActiveExport(taskId, next.EnvironmentId, next.LogGroupName, r.From, r.To, prefix, next.Final);
        _ = await queue.SetTaskAsync(input.Holder, task, cancellationToken).ConfigureAwait(false) ?? throw Lost(input.Holder);
        return new StartOutput(Started, task);
    }

    /// <summary>Polls the task; when it has finished, records it (checkpoint, retry or the group's deletion) and frees the slot's task.</summary>
    public async Task<CheckOutput> CheckAsync(CheckInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = NowMs;
        var lease = await queue.RenewAsync(input.Holder, now, settings.Lease, cancellationToken).ConfigureAwait(false) ?? throw Lost(input.Holder);
        var task = lease.Task ?? input.Task;
        var described = await logs.DescribeExportTasksAsync(new DescribeExportTasksRequest { TaskId = task.TaskId }, cancellationToken).ConfigureAwait(false);
        // A task CloudWatch Logs no longer knows is retried from the checkpoint like a failed one.
        var status = described.ExportTasks.FirstOrDefault(t => t.TaskId == task.TaskId)?.StatusCode ?? ExportStatus.Failed;
        if (!ExportStatus.IsFinished(status))
        {
            return new CheckOutput(false, status);
        }
        var deleted = false;
        if (status == ExportStatus.Completed && task.Final)
        {
            await DeleteLogGroupAsync(task.LogGroupName, cancellationToken).ConfigureAwait(false);
            deleted = true;
        }
        await queue.FinishAsync(task, status, deleted, now, settings.History, cancellationToken).ConfigureAwait(false);
        _ = await queue.ClearTaskAsync(input.Holder, cancellationToken).ConfigureAwait(false) ?? throw Lost(input.Holder);
        return new CheckOutput(true, status);
    }

    /// <summary>Gives the slot up; <c>More</c> when an environment was queued meanwhile (its execution found the slot taken).</summary>
    public async Task<ReleaseOutput> ReleaseAsync(HolderInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var released = await queue.ReleaseAsync(input.Holder, cancellationToken).ConfigureAwait(false);
        var more = released && (await queue.QueuedAsync(cancellationToken).ConfigureAwait(false)).Count > 0;
        return new ReleaseOutput(released, more);
    }

    /// <summary>Where an environment's exports land in the deployment's bucket: <c>&lt;environmentId&gt;/&lt;generation&gt;</c>.</summary>
    public static string DestinationPrefix(string environmentId, int generation) =>
        $"{environmentId}/{generation.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private async Task FinishEmptyAsync(QueuedEnvironment environment, CancellationToken cancellationToken)
    {
        if (environment.Final)
        {
            await DeleteLogGroupAsync(environment.LogGroupName, cancellationToken).ConfigureAwait(false);
        }
        await queue.DequeueAsync(environment.EnvironmentId, deleted: environment.Final, cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteLogGroupAsync(string logGroupName, CancellationToken cancellationToken)
    {
        try
        {
            await logs.DeleteLogGroupAsync(logGroupName, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            // Already gone.
        }
    }

    private async Task<string?> FindActiveAsync(string logGroupName, ExportRange range, CancellationToken cancellationToken)
    {
        foreach (var code in new[] { ExportStatus.Pending, ExportStatus.Running })
        {
            var page = await logs.DescribeExportTasksAsync(new DescribeExportTasksRequest { StatusCode = code }, cancellationToken).ConfigureAwait(false);
            if (page.ExportTasks.FirstOrDefault(t => t.LogGroupName == logGroupName && t.From == range.FromTime) is { } task)
            {
                return task.TaskId;
            }
        }
        return null;
    }

    private static StepFailedException Lost(string holder) =>
        new(LeaseLost, $"{holder}: the account's export slot is no longer this execution's (its lease expired and another execution took it).");
}
