using Provisioner.Core.Steps;
using Provisioner.Functions.Steps;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Steps;

public sealed class WaitAvailableTests
{
    private readonly FakeCloud _cloud = new();
    private readonly WaitAvailable _step;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public WaitAvailableTests() => _step = new WaitAvailable(_cloud.Ec2, _cloud.Time);

    [Fact]
    public async Task Run_AvailableImage_IsReady()
    {
        var image = _cloud.Ec2.AddImage("prov-shop-dev-ami", "available");

        Assert.Equal(CheckResult.Ready, await _step.RunAsync(new(TestSpecs.Spec(), image.ImageId), _ct));
    }

    [Fact]
    public async Task Run_PendingImageWithSnapshotProgress_EstimatesTheRestFromIt()
    {
        var output = await new CreateAmi(_cloud.Ec2).RunAsync(TestSpecs.Spec().Input(), _ct);
        var snapshot = _cloud.Ec2.Snapshots.Values.Single();
        _cloud.Ec2.Snapshots[snapshot.SnapshotId] = snapshot with { Progress = "25%" };
        _cloud.Time.Advance(TimeSpan.FromSeconds(60));

        var result = await _step.RunAsync(new(TestSpecs.Spec(), output.AmiId), _ct);

        // 60 s for 25 % -> 180 s for the remaining 75 %.
        Assert.Equal(new CheckResult(CheckStatus.Waiting, 180), result);
    }

    [Fact]
    public async Task Run_PendingImageWithoutProgress_LooksAgainAtTheFastestBakeTime()
    {
        var image = _cloud.Ec2.AddImage("prov-shop-dev-ami", "pending");
        _cloud.Time.Advance(TimeSpan.FromMinutes(1));

        var result = await _step.RunAsync(new(TestSpecs.Spec(), image.ImageId), _ct);

        Assert.Equal(new CheckResult(CheckStatus.Waiting, (int)(WaitAvailable.FastestBake - TimeSpan.FromMinutes(1)).TotalSeconds), result);
    }

    [Fact]
    public async Task Run_OverdueImage_PollsLessOftenTheOlderItIs()
    {
        var image = _cloud.Ec2.AddImage("prov-shop-dev-ami", "pending");

        _cloud.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new CheckResult(CheckStatus.Waiting, 30), await _step.RunAsync(new(TestSpecs.Spec(), image.ImageId), _ct));
        _cloud.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(new CheckResult(CheckStatus.Waiting, 90), await _step.RunAsync(new(TestSpecs.Spec(), image.ImageId), _ct));
        _cloud.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new CheckResult(CheckStatus.Waiting, WaitEstimate.MaxSeconds), await _step.RunAsync(new(TestSpecs.Spec(), image.ImageId), _ct));
    }

    [Theory]
    [InlineData("failed")]
    [InlineData("error")]
    [InlineData("deregistered")]
    public async Task Run_ImageInAFailedState_IsResourceFailed(string state)
    {
        var image = _cloud.Ec2.AddImage("prov-shop-dev-ami", state);

        var error = await Assert.ThrowsAsync<StepFailedException>(() => _step.RunAsync(new(TestSpecs.Spec(), image.ImageId), _ct));

        Assert.Equal(StepErrors.ResourceFailed, error.ErrorName);
        Assert.Contains(state, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ImageNotVisible_IsTransientSoTheStateMachineRetries()
    {
        var error = await Assert.ThrowsAsync<StepFailedException>(() => _step.RunAsync(new(TestSpecs.Spec(), "ami-0000000000000beef"), _ct));

        Assert.Equal(StepErrors.Transient, error.ErrorName);
    }

    [Theory]
    [InlineData("45%", 45.0)]
    [InlineData("100%", 100.0)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void ParsePercent_ReadsEc2ProgressStrings(string? text, double? expected) =>
        Assert.Equal(expected, WaitAvailable.ParsePercent(text));
}
