using Provisioner.Functions.Schedules;

namespace Provisioner.Functions.Tests.Schedules;

public sealed class ExpiryTimesTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(24, "2026-12-02T08:00:00")] // long TTL: one hour before
    [InlineData(10, "2026-12-01T18:00:00")] // exactly ten hours: a tenth is the hour
    [InlineData(1, "2026-12-01T09:54:00")] // short TTL: a tenth of it (6 minutes)
    [InlineData(2, "2026-12-01T10:48:00")]
    public void ReminderAt_OneHourBeforeOrATenthOfTheTtlWhenShorter(int ttlHours, string expected)
    {
        var reminder = ExpiryTimes.ReminderAt(Created, Created.AddHours(ttlHours));

        Assert.Equal(DateTimeOffset.Parse(expected + "Z", System.Globalization.CultureInfo.InvariantCulture), reminder);
    }

    [Fact]
    public void ReminderAt_TruncatesToWholeSeconds()
    {
        // 7 seconds to expiry: a tenth is 0.7 s, so the reminder is the whole second before expiry's fraction.
        var reminder = ExpiryTimes.ReminderAt(Created, Created.AddSeconds(7));

        Assert.Equal(Created.AddSeconds(6), reminder);
        Assert.True(reminder < Created.AddSeconds(7));
    }

    [Fact]
    public void ReminderAt_ExpiryNotAfterStart_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ExpiryTimes.ReminderAt(Created, Created));

    [Fact]
    public void At_IsUtcWithoutZoneOrFraction() =>
        Assert.Equal("at(2026-12-01T08:00:05)", ExpiryTimes.At(new DateTimeOffset(2026, 12, 1, 9, 0, 5, 500, TimeSpan.FromHours(1))));
}
