using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Provisioner.Aws.DynamoDb;

/// <summary>Table set-up shared by the project's DynamoDB stores (the registry, the log-export queue).</summary>
public static class DynamoDbTables
{
    /// <summary>
    /// Creates an on-demand table keyed by the string <paramref name="hashKey"/> if it does not exist (a restarted
    /// <c>up</c> keeps its tables); <c>up</c> and the tests call it, SAM declares the tables on AWS.
    /// </summary>
    public static async Task EnsureTableAsync(this IAmazonDynamoDB dynamoDb, string tableName, string hashKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        try
        {
            await dynamoDb.CreateTableAsync(new CreateTableRequest
            {
                TableName = tableName,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions = [new AttributeDefinition(hashKey, ScalarAttributeType.S)],
                KeySchema = [new KeySchemaElement(hashKey, KeyType.HASH)],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            // Already there.
        }
    }
}
