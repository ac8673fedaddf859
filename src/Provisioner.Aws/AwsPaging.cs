using System.Runtime.CompilerServices;

namespace Provisioner.Aws;

/// <summary>Follows NextToken/Marker pages of a paged operation as one sequence.</summary>
public static class AwsPaging
{
    /// <summary>
    /// Calls <paramref name="fetch"/> with null, then with each page's token, until a page has none.
    /// A service that answers the same token twice would loop forever; that is an error here (as in botocore).
    /// </summary>
    public static async IAsyncEnumerable<TItem> AllAsync<TPage, TItem>(
        Func<string?, CancellationToken, Task<TPage>> fetch,
        Func<TPage, IEnumerable<TItem>> items,
        Func<TPage, string?> nextToken,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(nextToken);
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var page = await fetch(token, cancellationToken).ConfigureAwait(false);
            foreach (var item in items(page))
            {
                yield return item;
            }
            token = nextToken(page);
            if (!string.IsNullOrEmpty(token) && !seen.Add(token))
            {
                throw new InvalidOperationException($"The service answered the page token '{token}' twice; stopping instead of looping.");
            }
        }
        while (!string.IsNullOrEmpty(token));
    }
}
