using Provisioner.Functions.Export;

namespace Provisioner.Functions.Tests.Export;

public sealed class ExportRangeTests
{
    [Fact]
    public void Next_NothingExported_StartsAtTheEpochAndEndsBeforeTheSettle() =>
        Assert.Equal(new ExportRange(0, 9_000), ExportRange.Next(null, 10_000, 1_000));

    [Fact]
    public void Next_AfterACheckpoint_StartsAtToPlusOne_SoNoMillisecondTwiceOrSkipped()
    {
        var first = ExportRange.Next(null, 10_000, 0)!.Value;
        var second = ExportRange.Next(first.To, 25_000, 0)!.Value;

        Assert.Equal(first.To + 1, second.From);
        Assert.Equal(25_000, second.To);
    }

    [Theory]
    [InlineData(9_000L, 10_000L, 1_000L)] // nothing settled since the checkpoint
    [InlineData(9_500L, 10_000L, 1_000L)]
    public void Next_NothingNew_IsNull(long checkpoint, long now, long settle) =>
        Assert.Null(ExportRange.Next(checkpoint, now, settle));

    [Fact]
    public void Next_OneMillisecondNew_IsThatMillisecond() =>
        Assert.Equal(new ExportRange(9_001, 9_001), ExportRange.Next(9_000, 10_001, 1_000));
}
