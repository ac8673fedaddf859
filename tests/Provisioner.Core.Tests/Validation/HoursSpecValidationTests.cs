using Provisioner.Core.Validation;
using Provisioner.Core.Validation.Rules;

namespace Provisioner.Core.Tests.Validation;

/// <summary>
/// The optional <c>hours</c> part: sleep and wake both required, both cron(...), not the same, an exact IANA
/// zone; every error at once, each at its own pointer.
/// </summary>
public sealed class HoursSpecValidationTests
{
    private static readonly EnvironmentSpecValidator Validator = new();

    private const string Workday = """{"sleep": "cron(0 19 ? * MON-FRI *)", "wake": "cron(0 7 ? * MON-FRI *)", "timezone": "Europe/Berlin"}""";

    [Fact]
    public void Validate_NoHours_SpecHasNone()
    {
        var result = Validator.Validate(TestSpecs.MinimalNode());

        Assert.True(result.IsValid);
        Assert.Null(result.Spec.Hours);
    }

    [Fact]
    public void Validate_Workday_Normalized()
    {
        var result = Validator.Validate(TestSpecs.With("/hours", Workday));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal("cron(0 19 ? * MON-FRI *)", result.Spec.Hours!.Sleep);
        Assert.Equal("cron(0 7 ? * MON-FRI *)", result.Spec.Hours.Wake);
        Assert.Equal("Europe/Berlin", result.Spec.Hours.Timezone);
    }

    [Theory]
    [InlineData("/hours/timezone", "\"UTC\"")]
    [InlineData("/hours/timezone", "\"America/Argentina/Buenos_Aires\"")]
    [InlineData("/hours/timezone", "\"Etc/GMT+5\"")]
    [InlineData("/hours/timezone", "\"Asia/Kathmandu\"")]
    [InlineData("/hours/sleep", "\"cron(59 23 L * ? 2199)\"")]
    [InlineData("/hours/wake", "\"cron(0 0 ? * 1#5 1970)\"")]
    [InlineData("/hours", "null")]
    public void Validate_ValidEdge_Accepted(string pointer, string json)
    {
        var document = TestSpecs.With("/hours", Workday);
        var result = Validator.Validate(TestSpecs.With(document, pointer, json));

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData("/hours/sleep", null)]
    [InlineData("/hours/wake", null)]
    [InlineData("/hours/timezone", null)]
    [InlineData("/hours/sleep", "null")]
    [InlineData("/hours/sleep", "7")]
    [InlineData("/hours/sleep", "\"rate(1 day)\"")]
    [InlineData("/hours/sleep", "\"at(2026-12-03T19:00:00)\"")]
    [InlineData("/hours/sleep", "\"cron(0 24 ? * MON-FRI *)\"")]
    [InlineData("/hours/wake", "\"cron(0 7 * * * *)\"")]
    [InlineData("/hours/wake", "\"cron(0 7 ? * MON-FRI)\"")]
    [InlineData("/hours/wake", "\"cron(0 19 ? * MON-FRI *)\"")]
    [InlineData("/hours/wake", "\"cron(0  19 ? * MON-FRI *)\"")]
    [InlineData("/hours/timezone", "\"Mars/Olympus\"")]
    [InlineData("/hours/timezone", "\"europe/berlin\"")]
    [InlineData("/hours/timezone", "\"W. Europe Standard Time\"")]
    [InlineData("/hours/timezone", "\"../../../etc/passwd\"")]
    [InlineData("/hours/timezone", "\"Factory\"")]
    [InlineData("/hours/timezone", "\"posix/Europe/Berlin\"")]
    [InlineData("/hours/timezone", "\"\"")]
    [InlineData("/hours/timezone", "\"+01:00\"")]
    [InlineData("/hours/snooze", "\"cron(0 12 ? * MON-FRI *)\"")]
    [InlineData("/hours", "\"9-17\"")]
    public void Validate_InvalidEdge_OneErrorAtField(string pointer, string? json)
    {
        var document = TestSpecs.With("/hours", Workday);
        var result = Validator.Validate(TestSpecs.With(document, pointer, json));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Equal(pointer, error.Pointer);
        Assert.False(string.IsNullOrWhiteSpace(error.Rule));
    }

    [Fact]
    public void Validate_EveryHoursErrorAtOnce()
    {
        var result = Validator.Validate(TestSpecs.With("/hours", """{"sleep": "rate(1 day)", "wake": "cron(0 7 * * * *)", "timezone": "Mars/Olympus"}"""));

        Assert.False(result.IsValid);
        Assert.Equal(["/hours/sleep", "/hours/timezone", "/hours/wake"], result.Errors.Select(e => e.Pointer).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_EmptyHours_SleepWakeAndTimezoneRequired()
    {
        var result = Validator.Validate(TestSpecs.With("/hours", "{}"));

        Assert.Equal(["/hours/sleep", "/hours/timezone", "/hours/wake"], result.Errors.Select(e => e.Pointer).Order(StringComparer.Ordinal));
        Assert.All(result.Errors, e => Assert.Equal("is required", e.Rule));
    }

    [Fact]
    public void Find_Berlin_HasDaylightSaving()
    {
        var zone = IanaTimeZone.Find("Europe/Berlin");

        Assert.NotNull(zone);
        Assert.Equal(TimeSpan.FromHours(1), zone.GetUtcOffset(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(TimeSpan.FromHours(2), zone.GetUtcOffset(new DateTime(2026, 7, 15, 12, 0, 0, DateTimeKind.Utc)));
    }
}
