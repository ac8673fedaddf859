using Provisioner.LocalCloud.Scheduling;

namespace Provisioner.LocalCloud.Tests.Scheduling;

// Semantics: https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
public class ScheduleExpressionTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;
    private static readonly TimeZoneInfo NewYork = ScheduleExpression.Zone("America/New_York");
    private static readonly TimeZoneInfo Berlin = ScheduleExpression.Zone("Europe/Berlin");

    private static DateTimeOffset T(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset? Next(string expression, string after, TimeZoneInfo? zone = null, string? anchor = null) =>
        ScheduleExpression.Parse(expression).NextAfter(T(after), zone ?? Utc, T(anchor ?? after));

    private static List<DateTimeOffset> Take(string expression, string after, int count, TimeZoneInfo zone)
    {
        var e = ScheduleExpression.Parse(expression);
        var list = new List<DateTimeOffset>();
        var t = T(after);
        for (var i = 0; i < count && e.NextAfter(t, zone, t) is { } n; i++)
        {
            list.Add(n);
            t = n;
        }
        return list;
    }

    [Theory]
    [InlineData("cron(0 10 * * ? *)", "2026-03-10T10:00:00Z", "2026-03-11T10:00:00Z")]
    [InlineData("cron(15 12 * * ? *)", "2026-03-10T10:00:00Z", "2026-03-10T12:15:00Z")]
    [InlineData("cron(0 18 ? * MON-FRI *)", "2026-12-04T19:00:00Z", "2026-12-07T18:00:00Z")] // Fri evening -> Monday
    [InlineData("cron(0 8 1 * ? *)", "2026-01-15T00:00:00Z", "2026-02-01T08:00:00Z")]
    [InlineData("cron(0/15 * * * ? *)", "2026-01-01T00:07:00Z", "2026-01-01T00:15:00Z")]
    [InlineData("cron(0 0 L * ? *)", "2028-02-01T00:00:00Z", "2028-02-29T00:00:00Z")] // leap year's last day
    [InlineData("cron(0 0 LW * ? *)", "2026-05-01T00:00:00Z", "2026-05-29T00:00:00Z")] // May 31 2026 is a Sunday
    [InlineData("cron(0 0 15W * ? *)", "2026-08-01T00:00:00Z", "2026-08-14T00:00:00Z")] // Aug 15 2026 is a Saturday
    [InlineData("cron(0 0 1W * ? *)", "2026-07-31T00:00:00Z", "2026-08-03T00:00:00Z")] // Aug 1 2026 Saturday -> Monday 3, never July
    [InlineData("cron(0 9 ? * 2#1 *)", "2026-06-01T10:00:00Z", "2026-07-06T09:00:00Z")] // first Monday
    [InlineData("cron(0 9 ? * 6L *)", "2026-06-01T00:00:00Z", "2026-06-26T09:00:00Z")] // last Friday
    [InlineData("cron(0 9 ? * 1 *)", "2026-12-03T00:00:00Z", "2026-12-06T09:00:00Z")] // 1 = Sunday
    [InlineData("cron(0 0 1 1 ? 2030)", "2026-12-03T00:00:00Z", "2030-01-01T00:00:00Z")] // year field
    [InlineData("cron(0 0 1 JAN,JUL ? *)", "2026-02-01T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("cron(0 22-2/2 * * ? *)", "2026-01-01T23:00:00Z", "2026-01-02T00:00:00Z")] // wrapping range
    public void NextAfter_Cron_AwsSemantics(string expression, string after, string expected) =>
        Assert.Equal(T(expected), Next(expression, after));

    [Fact]
    public void NextAfter_CronYearPassed_Null() => Assert.Null(Next("cron(0 0 1 1 ? 2025)", "2026-01-01T00:00:00Z"));

    [Fact]
    public void NextAfter_CronInZone_WallClockTime() =>
        Assert.Equal(T("2026-12-04T08:00:00+01:00"), Next("cron(0 8 * * ? *)", "2026-12-03T09:00:00Z", Berlin));

    // Spring forward (US, 2026-03-08: 02:00 -> 03:00): a time that does not exist is skipped.
    [Fact]
    public void NextAfter_SpringForward_NonexistentTimeSkipped()
    {
        var runs = Take("cron(30 2 * * ? *)", "2026-03-06T12:00:00Z", 3, NewYork);
        Assert.Equal([T("2026-03-07T02:30:00-05:00"), T("2026-03-09T02:30:00-04:00"), T("2026-03-10T02:30:00-04:00")], runs);
    }

    // Fall back (US, 2026-11-01: 02:00 -> 01:00): a time that occurs twice runs once, at its first instant.
    [Fact]
    public void NextAfter_FallBack_RepeatedTimeRunsOnce()
    {
        var runs = Take("cron(30 1 * * ? *)", "2026-10-31T12:00:00Z", 3, NewYork);
        Assert.Equal([T("2026-11-01T01:30:00-04:00"), T("2026-11-02T01:30:00-05:00"), T("2026-11-03T01:30:00-05:00")], runs);
    }

    [Fact]
    public void NextAfter_FallBack_HourlyCronHasOneRunPerWallHour()
    {
        var runs = Take("cron(0 * * * ? *)", "2026-11-01T04:30:00Z", 3, NewYork); // 00:30 EDT
        Assert.Equal([T("2026-11-01T01:00:00-04:00"), T("2026-11-01T02:00:00-05:00"), T("2026-11-01T03:00:00-05:00")], runs);
    }

    // A rate is fixed durations: a day is 24 hours, also across the change (the wall time moves).
    [Fact]
    public void NextAfter_RateDaysAcrossSpringForward_TwentyFourHours() =>
        Assert.Equal(T("2026-03-08T10:00:00-04:00"), Next("rate(1 day)", "2026-03-07T09:00:00-05:00", NewYork, "2026-03-07T09:00:00-05:00"));

    [Fact]
    public void NextAfter_Rate_CountsFromAnchor()
    {
        Assert.Equal(T("2026-01-01T00:10:00Z"), Next("rate(5 minutes)", "2026-01-01T00:07:00Z", Utc, "2026-01-01T00:00:00Z"));
        Assert.Equal(T("2026-01-01T00:00:00Z"), ScheduleExpression.Parse("rate(2 hours)").NextAfter(T("2025-12-31T00:00:00Z"), Utc, T("2026-01-01T00:00:00Z")));
    }

    [Fact]
    public void NextAfter_At_InItsZoneOnce()
    {
        var at = ScheduleExpression.Parse("at(2026-12-24T18:00:00)");
        Assert.True(at.IsOneTime);
        Assert.Equal(T("2026-12-24T17:00:00Z"), at.NextAfter(T("2026-12-01T00:00:00Z"), Berlin, T("2026-12-01T00:00:00Z")));
        Assert.Null(at.NextAfter(T("2026-12-24T17:00:00Z"), Berlin, T("2026-12-01T00:00:00Z")));
    }

    [Theory]
    [InlineData("at(2026-02-30T10:00:00)")]
    [InlineData("at(2026-12-03 10:00:00)")]
    [InlineData("at(2026-12-03T10:00)")]
    [InlineData("rate(0 minutes)")]
    [InlineData("rate(1 minutes)")]
    [InlineData("rate(5 minute)")]
    [InlineData("rate(5 weeks)")]
    [InlineData("cron(0 10 * * *)")]
    [InlineData("cron(0 10 * * * *)")] // neither day field is ?
    [InlineData("cron(0 10 ? * ? *)")] // both are
    [InlineData("cron(60 10 * * ? *)")]
    [InlineData("cron(0 24 * * ? *)")]
    [InlineData("cron(0 0 32 * ? *)")]
    [InlineData("cron(0 0 ? * 8 *)")]
    [InlineData("cron(0 0 ? * 2#6 *)")]
    [InlineData("cron(0 0 1 13 ? *)")]
    [InlineData("cron(0 0 1 1 ? 1969)")]
    [InlineData("cron(0/0 0 1 1 ? *)")]
    [InlineData("every day")]
    public void Parse_Malformed_Refused(string expression) =>
        Assert.Throws<ScheduleExpressionException>(() => ScheduleExpression.Parse(expression));

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Europe/Berln")]
    public void Zone_Unknown_Refused(string zone) => Assert.Throws<ScheduleExpressionException>(() => ScheduleExpression.Zone(zone));

    [Fact]
    public void Zone_NullOrEmpty_Utc()
    {
        Assert.Equal(TimeZoneInfo.Utc, ScheduleExpression.Zone(null));
        Assert.Equal(TimeZoneInfo.Utc, ScheduleExpression.Zone(""));
    }
}
