namespace Provisioner.Functions.Export;

/// <summary>
/// One export range in epoch milliseconds, inclusive at both ends (CloudWatch Logs' CreateExportTask exports
/// events with <c>from &lt;= timestamp &lt;= to</c>), so the next range of the same log group starts at <c>to + 1</c>:
/// no millisecond is exported twice and none is skipped.
/// </summary>
public readonly record struct ExportRange(long From, long To)
{
    /// <summary>
    /// The range after <paramref name="checkpoint"/> (the <c>to</c> of the last exported range; null: nothing
    /// exported yet, so from the epoch) up to <paramref name="nowMs"/> less <paramref name="settleMs"/> (events
    /// may arrive a little after their timestamp). Null when nothing new has settled yet.
    /// </summary>
    public static ExportRange? Next(long? checkpoint, long nowMs, long settleMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(settleMs);
        var from = checkpoint is { } done ? done + 1 : 0;
        var to = nowMs - settleMs;
        return to >= from ? new ExportRange(from, to) : null;
    }

    public DateTimeOffset FromTime => DateTimeOffset.FromUnixTimeMilliseconds(From);

    public DateTimeOffset ToTime => DateTimeOffset.FromUnixTimeMilliseconds(To);
}
