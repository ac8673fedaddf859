namespace Provisioner.Functions.Schedules;

/// <summary>When an environment with a TTL is reminded of its expiry.</summary>
public static class ExpiryTimes
{
    /// <summary>The reminder's default lead: one hour before expiry.</summary>
    public static readonly TimeSpan DefaultLead = TimeSpan.FromHours(1);

    /// <summary>
    /// The reminder fires <see cref="DefaultLead"/> before <paramref name="expiresAt"/>, or a tenth of the
    /// time from <paramref name="from"/> (the creation or the extend) to expiry when that is shorter, so a
    /// short TTL is not reminded at its very start. Truncated to whole seconds (Scheduler's <c>at()</c>).
    /// </summary>
    public static DateTimeOffset ReminderAt(DateTimeOffset from, DateTimeOffset expiresAt)
    {
        if (expiresAt <= from)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresAt), expiresAt, "must be after " + nameof(from));
        }
        var tenth = (expiresAt - from) / 10;
        var lead = tenth < DefaultLead ? tenth : DefaultLead;
        return WholeSeconds(expiresAt - lead);
    }

    /// <summary>Scheduler's <c>at(yyyy-mm-ddThh:mm:ss)</c> in UTC (the schedule's time zone is UTC).</summary>
    public static string At(DateTimeOffset time) =>
        "at(" + time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + ")";

    private static DateTimeOffset WholeSeconds(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
