using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Provisioner.Aws.DynamoDb;

namespace Provisioner.Functions.Api.Registry;

/// <summary>
/// The registry on one DynamoDB table keyed by <c>environmentId</c> (low-level client only: the object
/// persistence model is reflection-based and not AOT-safe). Beside the environments the table holds one
/// usage item per owner, keyed <c>usage#&lt;owner&gt;</c> (environment ids cannot contain '#'), so a quota
/// check and the write it guards are one TransactWriteItems: two racing creates cannot both fit.
/// </summary>
/// <param name="serializeWrites">
/// One write at a time from this process. moto's TransactWriteItems is not thread-safe (it snapshots the table
/// and restores the snapshot when a condition fails, undoing writes that landed meanwhile), so <c>up</c> and the
/// tests, which use moto, turn this on; DynamoDB itself needs no help, so Lambda leaves it off.
/// </param>
public sealed class DynamoDbEnvironmentRegistry(IAmazonDynamoDB dynamoDb, string tableName, bool serializeWrites = false) : IEnvironmentRegistry, IDisposable
{
    private readonly SemaphoreSlim? _writes = serializeWrites ? new SemaphoreSlim(1, 1) : null;

    public void Dispose() => _writes?.Dispose();

    private const string Key = "environmentId";
    private const string UsagePrefix = "usage#";

    /// <summary>Creates the table (on-demand) if it does not exist; <c>up</c> and the tests call it, SAM declares it on AWS.</summary>
    public Task EnsureTableAsync(CancellationToken cancellationToken) => dynamoDb.EnsureTableAsync(tableName, Key, cancellationToken);

    public async Task<EnvironmentRecord?> GetAsync(string environmentId, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = new Dictionary<string, AttributeValue> { [Key] = new(environmentId) },
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? RegistryItem.ToRecord(item) : null;
    }

    public async Task<IReadOnlyList<EnvironmentRecord>> ListAsync(string? owner, CancellationToken cancellationToken)
    {
        var records = new List<EnvironmentRecord>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var request = new ScanRequest
            {
                TableName = tableName,
                ConsistentRead = true,
                ExclusiveStartKey = start,
                FilterExpression = owner is null ? "NOT begins_with(#k, :usage)" : "NOT begins_with(#k, :usage) AND #o = :owner",
                ExpressionAttributeNames = owner is null
                    ? new Dictionary<string, string> { ["#k"] = Key }
                    : new Dictionary<string, string> { ["#k"] = Key, ["#o"] = "owner" },
                ExpressionAttributeValues = owner is null
                    ? new Dictionary<string, AttributeValue> { [":usage"] = new(UsagePrefix) }
                    : new Dictionary<string, AttributeValue> { [":usage"] = new(UsagePrefix), [":owner"] = new(owner) },
            };
            var page = await dynamoDb.ScanAsync(request, cancellationToken).ConfigureAwait(false);
            records.AddRange((page.Items ?? []).Select(RegistryItem.ToRecord));
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
        return [.. records.OrderBy(r => r.EnvironmentId, StringComparer.Ordinal)];
    }

    public async Task<QuotaUsage> UsageAsync(string owner, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = tableName,
            Key = UsageKey(owner),
            ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return ToUsage(response.Item);
    }

    public async Task<EnvironmentRecord> WriteAsync(EnvironmentRecord? current, EnvironmentRecord next, Quotas quotas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(quotas);
        if (current is not null && !string.Equals(current.Owner, next.Owner, StringComparison.Ordinal) && EnvironmentStatus.IsActive(current.Status))
        {
            throw new InvalidOperationException($"An active environment cannot change owner ('{current.EnvironmentId}').");
        }
        var written = next with { Version = (current?.Version ?? 0) + 1 };
        var put = new Put
        {
            TableName = tableName,
            Item = RegistryItem.ToItem(written),
            ConditionExpression = current is null ? "attribute_not_exists(#k)" : "#v = :v",
            ExpressionAttributeNames = current is null
                ? new Dictionary<string, string> { ["#k"] = Key }
                : new Dictionary<string, string> { ["#v"] = "version" },
            ExpressionAttributeValues = current is null ? null : new Dictionary<string, AttributeValue> { [":v"] = Number(current.Version) },
        };
        var items = new List<TransactWriteItem> { new() { Put = put } };
        var change = UsageChange.Between(current, next);
        if (!change.IsNone)
        {
            items.Add(new TransactWriteItem { Update = UsageUpdate(next.Owner, change, quotas) });
        }
        if (_writes is not null)
        {
            await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        try
        {
            await dynamoDb.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = items }, cancellationToken).ConfigureAwait(false);
        }
        catch (TransactionCanceledException ex)
        {
            var reasons = ex.CancellationReasons ?? [];
            if (reasons.Count > 1 && reasons[1].Code == "ConditionalCheckFailed" && reasons[0].Code is "None" or null)
            {
                var usage = ToUsage(reasons[1].Item);
                throw change.Exceeds(next.Owner, usage, quotas)
                    ?? new QuotaExceededException(next.Owner, Quotas.ActiveEnvironmentsName, quotas.ActiveEnvironments, usage.ActiveEnvironments);
            }
            throw new ConcurrentUpdateException(next.EnvironmentId);
        }
        finally
        {
            _writes?.Release();
        }
        return written;
    }

    private Update UsageUpdate(string owner, UsageChange change, Quotas quotas)
    {
        var update = new Update
        {
            TableName = tableName,
            Key = UsageKey(owner),
            UpdateExpression = "ADD #a :da, #s :ds",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#a"] = "active", ["#s"] = "scaling" },
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":da"] = Number(change.ActiveEnvironments),
                [":ds"] = Number(change.ScalingMax),
            },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        if (change.Grows)
        {
            // The use before the write plus the change must stay within each limit: use <= limit - change.
            // A negative room (one environment larger than the whole quota) fails for every stored use, even none.
            var activeRoom = quotas.ActiveEnvironments - Math.Max(change.ActiveEnvironments, 0);
            var scalingRoom = quotas.ScalingMax - Math.Max(change.ScalingMax, 0);
            update.ConditionExpression = activeRoom < 0 || scalingRoom < 0
                ? "attribute_exists(#a) AND attribute_not_exists(#a)"
                : "(attribute_not_exists(#a) OR #a <= :ra) AND (attribute_not_exists(#s) OR #s <= :rs)";
            if (activeRoom >= 0 && scalingRoom >= 0)
            {
                update.ExpressionAttributeValues[":ra"] = Number(activeRoom);
                update.ExpressionAttributeValues[":rs"] = Number(scalingRoom);
            }
        }
        return update;
    }

    private static QuotaUsage ToUsage(Dictionary<string, AttributeValue>? item) =>
        new(ReadInt(item, "active"), ReadInt(item, "scaling"));

    private static int ReadInt(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var value) && value.N is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : 0;

    private static Dictionary<string, AttributeValue> UsageKey(string owner) => new() { [Key] = new(UsagePrefix + owner) };

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
