using Provisioner.LocalCloud.Time;

namespace Provisioner.LocalCloud.Tests.Time;

public class LatencyModelTests
{
    [Fact]
    public void Table_HasOneRowPerKind_WithTypicalInsideRange()
    {
        Assert.Equal(Enum.GetValues<LatencyKind>().Length, LatencyModel.Table.Select(e => e.Kind).Distinct().Count());
        Assert.All(LatencyModel.Table, e => Assert.InRange(e.Typical, e.Min, e.Max));
        // The design's figures.
        Assert.Equal(TimeSpan.FromMinutes(4), LatencyModel.For(LatencyKind.ImageAvailable).Typical);
        Assert.Equal(TimeSpan.FromSeconds(150), LatencyModel.For(LatencyKind.LoadBalancerActive).Typical);
        Assert.Equal(TimeSpan.FromSeconds(187), LatencyModel.For(LatencyKind.LoadBalancerActive).Max);
        Assert.Equal(TimeSpan.FromSeconds(45), LatencyModel.For(LatencyKind.InstanceInService).Min);
    }

    [Fact]
    public void Sample_SameSeed_SameSequence_DifferentSeed_DifferentSequence()
    {
        static List<TimeSpan> Run(int seed)
        {
            var sampler = new LatencySampler(seed);
            return [.. Enumerable.Range(0, 20).Select(i => sampler.Sample((LatencyKind)(i % 4)))];
        }

        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42), Run(43));
    }

    [Fact]
    public void Sample_StaysWithinTheRangeOfItsRow()
    {
        var sampler = new LatencySampler(1);
        foreach (var entry in LatencyModel.Table)
        {
            for (var i = 0; i < 200; i++)
            {
                Assert.InRange(sampler.Sample(entry.Kind), entry.Min, entry.Max);
            }
        }
    }

    [Theory]
    [InlineData(0.0, 120)]
    [InlineData(0.999999, 600)]
    public void Triangular_Extremes_AreTheRangeEnds(double u, double expectedSeconds)
    {
        var value = LatencySampler.Triangular(TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(240), TimeSpan.FromSeconds(600), u);
        Assert.Equal(expectedSeconds, value.TotalSeconds, 0);
    }
}
