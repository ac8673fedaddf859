using Amazon.EC2;
using Sdk = Amazon.EC2.Model;

namespace Provisioner.Aws.Ec2;

/// <summary>Images and their snapshots: bake (CreateImage), find, deregister, and delete the snapshots left behind.</summary>
public sealed partial class Ec2Client
{
    public Task<string> CreateImageAsync(CreateImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sdk = new Sdk.CreateImageRequest
        {
            InstanceId = request.InstanceId,
            Name = request.Name,
            Description = request.Description,
            NoReboot = request.NoReboot,
            TagSpecifications = TagSpecifications((ResourceType.Image, request.ImageTags), (ResourceType.Snapshot, request.SnapshotTags)),
        };
        return Call("CreateImage", async () => (await ec2.CreateImageAsync(sdk, cancellationToken).ConfigureAwait(false)).ImageId);
    }

    public Task<IReadOnlyList<Image>> DescribeImagesAsync(DescribeImagesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DescribeAllAsync("DescribeImages",
            (next, ct) => ec2.DescribeImagesAsync(new Sdk.DescribeImagesRequest
            {
                ImageIds = ListOrNull(request.ImageIds),
                Owners = ListOrNull(request.Owners),
                Filters = Filters(request.Filters),
                NextToken = next,
            }, ct),
            response => (response.Images ?? []).Select(ToImage),
            response => response.NextToken,
            cancellationToken);
    }

    private static Image ToImage(Sdk.Image i) => new(
        i.ImageId,
        i.Name,
        i.State?.Value ?? "",
        i.StateReason?.Message,
        ParseTimestamp(i.CreationDate),
        (i.BlockDeviceMappings ?? []).Select(b => b.Ebs?.SnapshotId).OfType<string>().ToList(),
        Tags(i.Tags))
    {
        RootDeviceName = i.RootDeviceName,
        RootVolumeSizeGiB = (i.BlockDeviceMappings ?? []).FirstOrDefault(b => b.DeviceName == i.RootDeviceName)?.Ebs?.VolumeSize,
    };

    public Task DeregisterImageAsync(string imageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageId);
        return Call("DeregisterImage", () => ec2.DeregisterImageAsync(new Sdk.DeregisterImageRequest { ImageId = imageId }, cancellationToken));
    }

    public Task<IReadOnlyList<Snapshot>> DescribeSnapshotsAsync(DescribeSnapshotsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DescribeAllAsync("DescribeSnapshots",
            (next, ct) => ec2.DescribeSnapshotsAsync(new Sdk.DescribeSnapshotsRequest
            {
                SnapshotIds = ListOrNull(request.SnapshotIds),
                OwnerIds = ListOrNull(request.OwnerIds),
                Filters = Filters(request.Filters),
                NextToken = next,
            }, ct),
            response => (response.Snapshots ?? []).Select(s => new Snapshot(s.SnapshotId, s.State?.Value ?? "", s.Progress, s.VolumeId, Tags(s.Tags))),
            response => response.NextToken,
            cancellationToken);
    }

    public Task DeleteSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(snapshotId);
        return Call("DeleteSnapshot", () => ec2.DeleteSnapshotAsync(new Sdk.DeleteSnapshotRequest { SnapshotId = snapshotId }, cancellationToken));
    }
}
