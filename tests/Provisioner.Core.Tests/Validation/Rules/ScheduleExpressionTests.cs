using Provisioner.Core.Validation.Rules;

namespace Provisioner.Core.Tests.Validation.Rules;

public sealed class ScheduleExpressionTests
{
    [Theory]
    [InlineData("rate(1 minute)")]
    [InlineData("rate(5 minutes)")]
    [InlineData("rate(1 hour)")]
    [InlineData("rate(1 day)")]
    [InlineData("rate(7 days)")]
    [InlineData("cron(0 10 * * ? *)")]
    [InlineData("cron(15 12 * * ? *)")]
    [InlineData("cron(0 18 ? * MON-FRI *)")]
    [InlineData("cron(0 8 1 * ? *)")]
    [InlineData("cron(0/10 * ? * MON-FRI *)")]
    [InlineData("cron(0/5 8-17 ? * MON-FRI *)")]
    [InlineData("cron(0 9 ? * 2#1 *)")]
    [InlineData("cron(0 0 L * ? *)")]
    [InlineData("cron(0 0 15W * ? *)")]
    [InlineData("cron(0 0 ? * 6L 2027)")]
    [InlineData("cron(30 2 ? JAN,JUL MON *)")]
    public void Check_ExpressionsFromTheEventBridgeGuide_AreValid(string expression)
    {
        Assert.Null(ScheduleExpression.Check(expression));
    }

    [Theory]
    [InlineData("rate(1 minutes)", "singular")]
    [InlineData("rate(5 minute)", "plural")]
    [InlineData("rate(0 days)", "positive")]
    [InlineData("rate(1 week)", "must be rate")]
    [InlineData("rate(1  day)", "must be rate")]
    [InlineData("cron(0 10 * * *)", "exactly 6 fields")]
    [InlineData("cron(0 10 * * * *)", "'?'")]
    [InlineData("cron(0 10 ? * ? *)", "'?'")]
    [InlineData("cron(61 10 * * ? *)", "minutes")]
    [InlineData("cron(0 24 * * ? *)", "hours")]
    [InlineData("cron(0 0 32 * ? *)", "day-of-month")]
    [InlineData("cron(0 0 ? 13 MON *)", "month")]
    [InlineData("cron(0 0 ? * FUNDAY *)", "day-of-week")]
    [InlineData("cron(0 0 ? * 2#6 *)", "day-of-week")]
    [InlineData("cron(0 0 1 * ? 1969)", "year")]
    [InlineData("at(2026-12-01T00:00:00)", "must be rate")]
    public void Check_InvalidExpressions_SayWhy(string expression, string because)
    {
        var why = ScheduleExpression.Check(expression);

        Assert.NotNull(why);
        Assert.Contains(because, why, StringComparison.Ordinal);
    }
}
