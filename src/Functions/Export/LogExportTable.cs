using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Provisioner.Aws.DynamoDb;

namespace Provisioner.Functions.Export;

/// <summary>One export of a range: what the API shows as <c>logExports</c>.</summary>
public sealed record ExportRecord(long From, long To, string Status, string DestinationPrefix);

/// <summary>An environment's row: its checkpoint, whether it is queued (and since when), and its recent exports.</summary>
public sealed record QueuedEnvironment(
    string EnvironmentId, int Generation, string LogGroupName, bool Final, long? Checkpoint, long? QueuedAt, bool Deleted, IReadOnlyList<ExportRecord> History);

/// <summary>The export task the slot's holder is waiting on.</summary>
public sealed record ActiveExport(string TaskId, string EnvironmentId, string LogGroupName, long From, long To, string DestinationPrefix, bool Final);

/// <summary>The account's one export slot: who holds it, until when, and the task in flight.</summary>
public sealed record ExportLease(string Holder, long ExpiresAt, ActiveExport? Task);

/// <summary>
/// The account-wide export queue on one DynamoDB table (low-level client: AOT-safe). Items, keyed <c>pk</c>:
/// <c>env#&lt;environmentId&gt;</c> (checkpoint, <c>queuedAt</c> while queued, final flag, recent exports) and one
/// <c>lease</c> item, the slot: a holder takes it with a conditional write when it is free or its lease has
/// expired (its holder died), renews it with every call, and keeps the task in flight on it, so a holder that
/// takes over an expired slot first finishes the task its predecessor started. Every write that could race is
/// conditional; none uses a transaction.
/// </summary>
public sealed class LogExportTable(IAmazonDynamoDB dynamoDb, string tableName)
{
    private const string Key = "pk";
    private const string LeaseKey = "lease";
    private const string EnvPrefix = "env#";

    /// <summary>Creates the table (on-demand) if it does not exist; <c>up</c> and the tests call it, SAM declares it on AWS.</summary>
    public Task EnsureTableAsync(CancellationToken cancellationToken) => dynamoDb.EnsureTableAsync(tableName, Key, cancellationToken);

    /// <summary>
    /// Queues the environment (a queued one keeps its place); <paramref name="final"/> marks the teardown's export,
    /// after which the worker deletes the log group. Final stays set once set, for that generation: a newer
    /// generation (the environment made again after its teardown's final export deleted the old group) starts
    /// unmarked, so its scheduled exports never delete its live group.
    /// </summary>
    public async Task EnqueueAsync(string environmentId, int generation, string logGroupName, bool final, long nowMs, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":id"] = new(environmentId),
            [":g"] = Number(generation),
            [":lg"] = new(logGroupName),
            [":now"] = Number(nowMs),
            [":f"] = new() { BOOL = final },
        };
        try
        {
            // A new environment, or a newer generation of one: its own final flag.
            await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = EnvKey(environmentId),
                UpdateExpression = "SET environmentId = :id, gen = :g, logGroupName = :lg, queuedAt = if_not_exists(queuedAt, :now), finalExport = :f REMOVE groupDeleted",
                ConditionExpression = "attribute_not_exists(gen) OR gen < :g",
                ExpressionAttributeValues = values,
            }, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ConditionalCheckFailedException)
        {
            // The same generation again (or an older one's late request): the final flag only ever gets set.
        }
        values.Remove(":g");
        await dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = EnvKey(environmentId),
            UpdateExpression = final
                ? "SET environmentId = :id, logGroupName = :lg, queuedAt = if_not_exists(queuedAt, :now), finalExport = :f REMOVE groupDeleted"
                : "SET environmentId = :id, logGroupName = :lg, queuedAt = if_not_exists(queuedAt, :now), finalExport = if_not_exists(finalExport, :f) REMOVE groupDeleted",
            ExpressionAttributeValues = values,
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<QueuedEnvironment?> GetAsync(string environmentId, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest { TableName = tableName, Key = EnvKey(environmentId), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? ToEnvironment(item) : null;
    }

    /// <summary>Every queued environment, first queued first (ties by environment id): the order exports run in.</summary>
    public async Task<IReadOnlyList<QueuedEnvironment>> QueuedAsync(CancellationToken cancellationToken)
    {
        var queued = new List<QueuedEnvironment>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.ScanAsync(new ScanRequest
            {
                TableName = tableName,
                ConsistentRead = true,
                ExclusiveStartKey = start,
                FilterExpression = "begins_with(#k, :env) AND attribute_exists(queuedAt)",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#k"] = Key },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":env"] = new(EnvPrefix) },
            }, cancellationToken).ConfigureAwait(false);
            queued.AddRange((page.Items ?? []).Select(ToEnvironment));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return [.. queued.OrderBy(e => e.QueuedAt).ThenBy(e => e.EnvironmentId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Takes the slot for <paramref name="holder"/> when it is free, expired, or already its own; null when another
    /// holder has it. The task in flight (a dead holder's) stays on the slot for the new holder to finish.
    /// </summary>
    public async Task<ExportLease?> TryAcquireAsync(string holder, long nowMs, TimeSpan lease, CancellationToken cancellationToken)
    {
        try
        {
            var response = await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = LeaseItemKey,
                UpdateExpression = "SET leaseHolder = :h, leaseUntil = :e",
                // A released slot keeps its item without a holder (the worker never deletes items: UpdateItem is all it needs).
                ConditionExpression = "attribute_not_exists(leaseHolder) OR leaseUntil < :now OR leaseHolder = :h",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":h"] = new(holder),
                    [":e"] = Number(nowMs + (long)lease.TotalMilliseconds),
                    [":now"] = Number(nowMs),
                },
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken).ConfigureAwait(false);
            return ToLease(response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    /// <summary>Extends the holder's lease and returns it; null when the slot is no longer this holder's (it expired and was taken).</summary>
    public Task<ExportLease?> RenewAsync(string holder, long nowMs, TimeSpan lease, CancellationToken cancellationToken) =>
        LeaseUpdateAsync(holder, "SET leaseUntil = :e", new() { [":e"] = Number(nowMs + (long)lease.TotalMilliseconds) }, cancellationToken);

    /// <summary>Records the task in flight on the holder's slot; null when the slot is no longer this holder's.</summary>
    public Task<ExportLease?> SetTaskAsync(string holder, ActiveExport task, CancellationToken cancellationToken) =>
        LeaseUpdateAsync(holder, "SET taskId = :t, taskEnv = :env, taskGroup = :lg, taskFrom = :from, taskTo = :to, taskPrefix = :p, taskFinal = :fin", new()
        {
            [":t"] = new(task.TaskId),
            [":env"] = new(task.EnvironmentId),
            [":lg"] = new(task.LogGroupName),
            [":from"] = Number(task.From),
            [":to"] = Number(task.To),
            [":p"] = new(task.DestinationPrefix),
            [":fin"] = new() { BOOL = task.Final },
        }, cancellationToken);

    /// <summary>Clears the task in flight from the holder's slot; null when the slot is no longer this holder's.</summary>
    public Task<ExportLease?> ClearTaskAsync(string holder, CancellationToken cancellationToken) =>
        LeaseUpdateAsync(holder, "REMOVE taskId, taskEnv, taskGroup, taskFrom, taskTo, taskPrefix, taskFinal", [], cancellationToken);

    /// <summary>Gives the slot up (only when it is the holder's and no task is in flight); false when it was not the holder's.</summary>
    public async Task<bool> ReleaseAsync(string holder, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = LeaseItemKey,
                UpdateExpression = "REMOVE leaseHolder, leaseUntil",
                ConditionExpression = "leaseHolder = :h AND attribute_not_exists(taskId)",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":h"] = new(holder) },
            }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>
    /// A finished export of <paramref name="task"/>: COMPLETED moves the checkpoint to its <c>to</c> and takes the
    /// environment off the queue (marking it deleted when <paramref name="deleted"/>), unless the teardown queued
    /// its final export while this scheduled one ran: then it stays queued, in its place, for the final range and
    /// the group's deletion. FAILED or CANCELLED leaves the checkpoint and queues the environment again at the
    /// back, so the range is retried from its checkpoint. The write is conditional on the checkpoint still being
    /// the one the range started from, so a repeated call (a retried Lambda, a new holder finishing its
    /// predecessor's task) never advances it twice (false then), and on the final flag it read.
    /// </summary>
    public async Task<bool> FinishAsync(ActiveExport task, string status, bool deleted, long nowMs, int history, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await GetAsync(task.EnvironmentId, cancellationToken).ConfigureAwait(false);
            if (current is null || (current.Checkpoint ?? -1) != task.From - 1)
            {
                return false;
            }
            try
            {
                await dynamoDb.UpdateItemAsync(FinishRequest(current, task, status, deleted, nowMs, history), cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (ConditionalCheckFailedException)
            {
                // Finished by another call meanwhile (the next read says so), or the final export was queued meanwhile (the next write keeps it queued).
            }
        }
    }

    private UpdateItemRequest FinishRequest(QueuedEnvironment current, ActiveExport task, string status, bool deleted, long nowMs, int history)
    {
        var recent = current.History.Append(new ExportRecord(task.From, task.To, status, task.DestinationPrefix)).TakeLast(history).ToList();
        var values = new Dictionary<string, AttributeValue>
        {
            [":h"] = new() { L = [.. recent.Select(ToAttribute)] },
            [":fin"] = new() { BOOL = true },
        };
        string update;
        if (status == ExportStatus.Completed)
        {
            values[":to"] = Number(task.To);
            var finalPending = current.Final && !task.Final;
            update = (deleted, finalPending) switch
            {
                (true, _) => "SET checkpointMs = :to, recentExports = :h, groupDeleted = :d REMOVE queuedAt",
                (false, true) => "SET checkpointMs = :to, recentExports = :h",
                _ => "SET checkpointMs = :to, recentExports = :h REMOVE queuedAt",
            };
            if (deleted)
            {
                values[":d"] = new() { BOOL = true };
            }
        }
        else
        {
            values[":now"] = Number(nowMs);
            update = "SET queuedAt = :now, recentExports = :h";
        }
        var finalAsRead = current.Final ? "finalExport = :fin" : "(attribute_not_exists(finalExport) OR finalExport <> :fin)";
        string checkpointAsRead;
        if (current.Checkpoint is null)
        {
            checkpointAsRead = "attribute_not_exists(checkpointMs)";
        }
        else
        {
            checkpointAsRead = "checkpointMs = :cp";
            values[":cp"] = Number(current.Checkpoint.Value);
        }
        return new UpdateItemRequest
        {
            TableName = tableName,
            Key = EnvKey(task.EnvironmentId),
            UpdateExpression = update,
            ConditionExpression = $"{checkpointAsRead} AND {finalAsRead}",
            ExpressionAttributeValues = values,
        };
    }

    /// <summary>Takes an environment with nothing new to export off the queue (deleted: its final export found nothing left).</summary>
    public Task DequeueAsync(string environmentId, bool deleted, CancellationToken cancellationToken) =>
        dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = tableName,
            Key = EnvKey(environmentId),
            UpdateExpression = deleted ? "SET groupDeleted = :d REMOVE queuedAt" : "REMOVE queuedAt",
            ConditionExpression = "attribute_exists(#k)",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#k"] = Key },
            ExpressionAttributeValues = deleted ? new Dictionary<string, AttributeValue> { [":d"] = new() { BOOL = true } } : null,
        }, cancellationToken);

    public async Task<ExportLease?> LeaseAsync(CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest { TableName = tableName, Key = LeaseItemKey, ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? ToLease(item) : null;
    }

    private async Task<ExportLease?> LeaseUpdateAsync(string holder, string update, Dictionary<string, AttributeValue> values, CancellationToken cancellationToken)
    {
        values[":h"] = new(holder);
        try
        {
            var response = await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = LeaseItemKey,
                UpdateExpression = update,
                ConditionExpression = "leaseHolder = :h",
                ExpressionAttributeValues = values,
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken).ConfigureAwait(false);
            return ToLease(response.Attributes);
        }
        catch (ConditionalCheckFailedException)
        {
            return null;
        }
    }

    private static Dictionary<string, AttributeValue> LeaseItemKey => new() { [Key] = new(LeaseKey) };

    private static Dictionary<string, AttributeValue> EnvKey(string environmentId) => new() { [Key] = new(EnvPrefix + environmentId) };

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static long? ReadLong(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.N is { } n ? long.Parse(n, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : null;

    private static string? ReadString(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;

    private static bool ReadBool(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.BOOL == true;

    private static AttributeValue ToAttribute(ExportRecord record) => new()
    {
        M = new Dictionary<string, AttributeValue>
        {
            ["from"] = Number(record.From),
            ["to"] = Number(record.To),
            ["status"] = new(record.Status),
            ["destinationPrefix"] = new(record.DestinationPrefix),
        },
    };

    private static QueuedEnvironment ToEnvironment(Dictionary<string, AttributeValue> item) => new(
        ReadString(item, "environmentId") ?? ReadString(item, Key)![EnvPrefix.Length..],
        (int)(ReadLong(item, "gen") ?? 1),
        ReadString(item, "logGroupName") ?? "",
        ReadBool(item, "finalExport"),
        ReadLong(item, "checkpointMs"),
        ReadLong(item, "queuedAt"),
        ReadBool(item, "groupDeleted"),
        item.TryGetValue("recentExports", out var history) && history.L is { } list
            ? [.. list.Where(h => h.M is not null).Select(h => new ExportRecord(
                ReadLong(h.M, "from") ?? 0, ReadLong(h.M, "to") ?? 0, ReadString(h.M, "status") ?? "", ReadString(h.M, "destinationPrefix") ?? ""))]
            : []);

    private static ExportLease? ToLease(Dictionary<string, AttributeValue>? item)
    {
        if (item is not { Count: > 0 } || ReadString(item, "leaseHolder") is not { } holder)
        {
            return null;
        }
        var task = ReadString(item, "taskId") is { } taskId
            ? new ActiveExport(taskId, ReadString(item, "taskEnv") ?? "", ReadString(item, "taskGroup") ?? "", ReadLong(item, "taskFrom") ?? 0, ReadLong(item, "taskTo") ?? 0,
                ReadString(item, "taskPrefix") ?? "", ReadBool(item, "taskFinal"))
            : null;
        return new ExportLease(holder, ReadLong(item, "leaseUntil") ?? 0, task);
    }
}

/// <summary>The export task statuses the worker acts on (CloudWatch Logs' status codes).</summary>
public static class ExportStatus
{
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";
    public const string Pending = "PENDING";
    public const string Running = "RUNNING";
    public const string PendingCancel = "PENDING_CANCEL";

    public static bool IsFinished(string? status) => status is Completed or Failed or Cancelled;
}
