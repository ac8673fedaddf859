using System.Globalization;
using System.Text;
using Amazon.EC2;
using Amazon.Runtime;
using Sdk = Amazon.EC2.Model;

namespace Provisioner.Aws.Ec2;

/// <summary>
/// <see cref="IEc2Client"/> over the official <see cref="IAmazonEC2"/>: the only place that touches the SDK's
/// EC2 types (AwsClients keeps the SDK client to itself). SDK service errors become
/// <see cref="AwsServiceException"/> (service <c>ec2</c>) with the code, status and request id unchanged.
/// Every Describe* follows its pages through <see cref="AwsPaging"/>, so a repeated token stops the walk
/// instead of looping. One file per resource: <c>Ec2Client.Images.cs</c>, <c>.Instances.cs</c>,
/// <c>.SecurityGroups.cs</c>, <c>.LaunchTemplates.cs</c>, <c>.Network.cs</c>; this one holds what they share.
/// </summary>
public sealed partial class Ec2Client(IAmazonEC2 ec2) : IEc2Client
{
    public Task CreateTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        ArgumentNullException.ThrowIfNull(tags);
        return Call("CreateTags", () => ec2.CreateTagsAsync(new Sdk.CreateTagsRequest { Resources = [.. resourceIds], Tags = SdkTags(tags) }, cancellationToken));
    }

    /// <summary>Every item of every page of a Describe* call, as one list.</summary>
    private static Task<IReadOnlyList<TItem>> DescribeAllAsync<TResponse, TItem>(
        string action,
        Func<string?, CancellationToken, Task<TResponse>> page,
        Func<TResponse, IEnumerable<TItem>> items,
        Func<TResponse, string?> nextToken,
        CancellationToken cancellationToken) =>
        Call(action, async () =>
        {
            var all = new List<TItem>();
            await foreach (var item in AwsPaging.AllAsync(page, items, nextToken, cancellationToken).ConfigureAwait(false))
            {
                all.Add(item);
            }
            return (IReadOnlyList<TItem>)all;
        });

    private static async Task<T> Call<T>(string action, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (ex.StatusCode != 0 || ex.ErrorCode is not null)
        {
            throw new AwsServiceException(AwsService.Ec2.EndpointPrefix, action, ex.ErrorCode ?? "Unknown", ex.Message, ex.StatusCode, ex.RequestId, ex);
        }
    }

    private static async Task Call(string action, Func<Task> call) => await Call(action, async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    }).ConfigureAwait(false);

    private static List<Sdk.TagSpecification>? TagSpecifications(params (ResourceType Type, IReadOnlyDictionary<string, string>? Tags)[] specs)
    {
        var list = specs
            .Where(s => s.Tags is { Count: > 0 })
            .Select(s => new Sdk.TagSpecification { ResourceType = s.Type, Tags = SdkTags(s.Tags!) })
            .ToList();
        return list.Count == 0 ? null : list;
    }

    private static List<Sdk.Tag> SdkTags(IReadOnlyDictionary<string, string> tags) => tags.Select(t => new Sdk.Tag(t.Key, t.Value)).ToList();

    private static Dictionary<string, string> Tags(List<Sdk.Tag>? tags)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags ?? [])
        {
            result[tag.Key] = tag.Value ?? "";
        }
        return result;
    }

    private static List<Sdk.Filter>? Filters(IReadOnlyList<Ec2Filter>? filters) =>
        filters is null ? null : filters.Select(f => new Sdk.Filter(f.Name, [.. f.Values])).ToList();

    private static List<string>? ListOrNull(IReadOnlyList<string>? values) => values is null ? null : [.. values];

    private static string? Base64(string? text) => text is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static DateTimeOffset? ParseTimestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;
}
