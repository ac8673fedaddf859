using Microsoft.Extensions.Time.Testing;
using Provisioner.LocalCloud.Time;

namespace Provisioner.LocalCloud.Tests.Time;

public class ScaledTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GetUtcNow_RealSecond_IsScaleSeconds()
    {
        var real = new FakeTimeProvider();
        var scaled = new ScaledTimeProvider(60, Start, real);

        real.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(Start + TimeSpan.FromMinutes(2), scaled.GetUtcNow());
        Assert.Equal(TimeSpan.FromMinutes(2), scaled.GetElapsedTime(0));
    }

    [Fact]
    public async Task Delay_FourSimulatedMinutes_FireAfterFourRealSecondsAtScale60()
    {
        var real = new FakeTimeProvider();
        var scaled = new ScaledTimeProvider(60, Start, real);

        var delay = Task.Delay(TimeSpan.FromMinutes(4), scaled, TestContext.Current.CancellationToken);
        real.Advance(TimeSpan.FromSeconds(3.9));
        Assert.False(delay.IsCompleted);
        real.Advance(TimeSpan.FromSeconds(0.2));
        await delay;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_BadScale_NamesTheRule(double scale)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledTimeProvider(scale));
        Assert.Equal("scale", ex.ParamName);
        Assert.Contains("positive, finite", ex.Message, StringComparison.Ordinal);
    }
}
