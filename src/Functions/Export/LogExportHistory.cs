namespace Provisioner.Functions.Export;

/// <summary>
/// The API's port to the log-export worker's records: an environment's recent exports (oldest first) of one
/// generation, for its resource's <c>logExports</c>. Production reads the worker's table; tests may pass a fake.
/// </summary>
public interface ILogExportHistory
{
    Task<IReadOnlyList<ExportRecord>> RecentAsync(string environmentId, int generation, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="ILogExportHistory"/> on the worker's table. The table keeps one row per environment id across
/// generations, so the generation's exports are those under its destination prefix.
/// </summary>
public sealed class LogExportHistory(LogExportTable table) : ILogExportHistory
{
    public async Task<IReadOnlyList<ExportRecord>> RecentAsync(string environmentId, int generation, CancellationToken cancellationToken)
    {
        var prefix = LogExportWorker.DestinationPrefix(environmentId, generation);
        var row = await table.GetAsync(environmentId, cancellationToken).ConfigureAwait(false);
        return row is null ? [] : [.. row.History.Where(h => h.DestinationPrefix == prefix)];
    }
}
