using Provisioner.LocalCloud.Time;
using Amazon.EC2;
using Amazon.EC2.Model;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Lifecycles;

public class ImageLifecycleTests(MotoFixture moto)
{
    [Fact]
    public async Task CreateImage_IsPendingUntilItsSampledDuration_ThenAvailable()
    {
        using var cloud = new TestCloud(moto);
        var ct = TestContext.Current.CancellationToken;

        var created = await cloud.Ec2.CreateImageAsync(new CreateImageRequest { InstanceId = cloud.Seed.InstanceId, Name = MotoFixture.Unique("img") }, ct);
        var clock = cloud.Layer.Timeline.Find("image:" + created.ImageId);
        Assert.NotNull(clock);

        Assert.Equal(ImageState.Pending, await StateAsync(cloud, created.ImageId));
        cloud.Advance(clock.Duration - TimeSpan.FromSeconds(1));
        Assert.Equal(ImageState.Pending, await StateAsync(cloud, created.ImageId));
        cloud.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ImageState.Available, await StateAsync(cloud, created.ImageId));
    }

    [Fact]
    public async Task CreateImage_SnapshotsPendingWithClimbingProgress_ThenCompleted()
    {
        using var cloud = new TestCloud(moto);
        var ct = TestContext.Current.CancellationToken;
        var created = await cloud.Ec2.CreateImageAsync(new CreateImageRequest { InstanceId = cloud.Seed.InstanceId, Name = MotoFixture.Unique("img") }, ct);
        var image = (await cloud.Ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [created.ImageId] }, ct)).Images.Single();
        var snapshotId = image.BlockDeviceMappings.First(b => b.Ebs?.SnapshotId is not null).Ebs.SnapshotId;
        var duration = cloud.Layer.Timeline.Find("image:" + created.ImageId)!.Duration;

        var first = await SnapshotAsync(cloud, snapshotId);
        cloud.Advance(duration / 2 + TimeSpan.FromTicks(1)); // halving an odd tick count truncates: just past half
        var half = await SnapshotAsync(cloud, snapshotId);
        cloud.Advance(duration);
        var done = await SnapshotAsync(cloud, snapshotId);

        Assert.Equal((SnapshotState.Pending, "0%"), (first.State, first.Progress));
        Assert.Equal((SnapshotState.Pending, "50%"), (half.State, half.Progress));
        Assert.Equal((SnapshotState.Completed, "100%"), (done.State, done.Progress));
    }

    [Fact]
    public async Task DescribeImages_CreationDateIsOnTheLayersClock()
    {
        using var cloud = new TestCloud(moto);
        var ct = TestContext.Current.CancellationToken;
        var created = await cloud.Ec2.CreateImageAsync(new CreateImageRequest { InstanceId = cloud.Seed.InstanceId, Name = MotoFixture.Unique("img") }, ct);
        var start = cloud.Time.GetUtcNow();
        cloud.Advance(TimeSpan.FromMinutes(1));

        var image = (await cloud.Ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [created.ImageId] }, ct)).Images.Single();

        Assert.Equal(start, DateTimeOffset.Parse(image.CreationDate, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task RunInstances_FromPendingImage_InvalidAmiIdUnavailable()
    {
        using var cloud = new TestCloud(moto);
        var ct = TestContext.Current.CancellationToken;
        var created = await cloud.Ec2.CreateImageAsync(new CreateImageRequest { InstanceId = cloud.Seed.InstanceId, Name = MotoFixture.Unique("img") }, ct);

        var ex = await Assert.ThrowsAsync<AmazonEC2Exception>(() => cloud.Ec2.RunInstancesAsync(
            new RunInstancesRequest { ImageId = created.ImageId, MinCount = 1, MaxCount = 1, InstanceType = InstanceType.T3Micro }, ct));

        Assert.Equal("InvalidAMIID.Unavailable", ex.ErrorCode);
    }

    [Fact]
    public async Task SameSeed_SameWork_SameImageDuration()
    {
        // Draws follow the work that asks (its LatencyScope), not the image id moto makes up.
        LatencyScope.Enter("CreateAmi.Run#1");
        using var a = new TestCloud(moto, seed: 99);
        using var b = new TestCloud(moto, seed: 99);
        var ct = TestContext.Current.CancellationToken;

        var imageA = await a.Ec2.CreateImageAsync(new CreateImageRequest { InstanceId = a.Seed.InstanceId, Name = MotoFixture.Unique("img") }, ct);
        var imageB = await b.Ec2.CreateImageAsync(new CreateImageRequest { InstanceId = b.Seed.InstanceId, Name = MotoFixture.Unique("img") }, ct);

        Assert.Equal(a.Layer.Timeline.Find("image:" + imageA.ImageId)!.Duration, b.Layer.Timeline.Find("image:" + imageB.ImageId)!.Duration);
    }

    private static async Task<ImageState> StateAsync(TestCloud cloud, string imageId) =>
        (await cloud.Ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [imageId] }, TestContext.Current.CancellationToken)).Images.Single().State;

    private static async Task<Snapshot> SnapshotAsync(TestCloud cloud, string snapshotId) =>
        (await cloud.Ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = [snapshotId] }, TestContext.Current.CancellationToken)).Snapshots.Single();
}
