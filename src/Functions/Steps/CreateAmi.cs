using Provisioner.Aws;
using Provisioner.Aws.Ec2;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;

namespace Provisioner.Functions.Steps;

/// <summary><see cref="Baked"/> is false when the spec's <c>source.amiId</c> is used as is (and never deleted).</summary>
public sealed record CreateAmiOutput(string AmiId, bool Baked);

/// <summary>
/// The machine image: baked from the spec's running instance (CreateImage returns at once with the image
/// <c>pending</c>; WaitAvailable polls it), or the spec's existing AMI. CreateImage has no client token;
/// the AMI name is unique per account and region, so a retried Run finds the first attempt's image by name.
/// The image and its snapshots carry the environment's tags, so Undo finds them without the ledger.
/// </summary>
public sealed class CreateAmi(IEc2Client ec2)
{
    private const string Step = StepNames.CreateAmi;

    public async Task<CreateAmiOutput> RunAsync(StepInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        if (!spec.Source.BakesImage)
        {
            var amiId = spec.Source.AmiId!;
            var images = await DescribeAsync(DescribeImagesRequest.ById(amiId), cancellationToken).ConfigureAwait(false);
            if (images.Count == 0)
            {
                throw new StepFailedException(StepErrors.Rejected, $"source.amiId: image {amiId} does not exist or this account cannot launch it.");
            }
            return new CreateAmiOutput(amiId, Baked: false);
        }

        var name = ResourceNames.For(spec.EnvironmentId).Image;
        var existing = await FindByNameAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return Adopt(spec, existing);
        }
        var tags = Ownership.Tags(spec, Step, name);
        try
        {
            var imageId = await ec2.CreateImageAsync(
                new CreateImageRequest
                {
                    InstanceId = spec.Source.InstanceId!,
                    Name = name,
                    Description = $"Provisioner environment {spec.EnvironmentId}: image of {spec.Source.InstanceId}",
                    NoReboot = spec.Source.NoReboot,
                    ImageTags = tags,
                    SnapshotTags = tags,
                },
                cancellationToken).ConfigureAwait(false);
            return new CreateAmiOutput(imageId, Baked: true);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "InvalidAMIName.Duplicate")
        {
            // The first attempt made it but its answer was lost.
            var made = await FindByNameAsync(name, cancellationToken).ConfigureAwait(false);
            if (made is null)
            {
                throw;
            }
            return Adopt(spec, made);
        }
    }

    public async Task<UndoResult> UndoAsync(StepInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        if (!spec.Source.BakesImage)
        {
            return UndoResult.Done; // a reused AMI is the user's: never deleted
        }
        var name = ResourceNames.For(spec.EnvironmentId).Image;
        var images = (await DescribeAsync(DescribeImagesRequest.ByName(name), cancellationToken).ConfigureAwait(false))
            .Concat(await DescribeAsync(ByStepTags(spec), cancellationToken).ConfigureAwait(false))
            .Where(i => Ownership.IsOurs(i.Tags, spec))
            .DistinctBy(i => i.ImageId)
            .ToList();

        var snapshotIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            snapshotIds.UnionWith(image.SnapshotIds);
            try
            {
                await ec2.DeregisterImageAsync(image.ImageId, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.IsNotFound)
            {
                // Already deregistered.
            }
        }

        // Snapshots by tag too: a crash between DeregisterImage and DeleteSnapshot leaves them with no image.
        var tagged = await ec2.DescribeSnapshotsAsync(
            new DescribeSnapshotsRequest { Filters = [Ec2Filter.Tag(ResourceTags.EnvironmentKey, spec.EnvironmentId), Ec2Filter.Tag(ResourceTags.StepKey, Step)] },
            cancellationToken).ConfigureAwait(false);
        snapshotIds.UnionWith(tagged.Where(s => Ownership.IsOurs(s.Tags, spec)).Select(s => s.SnapshotId));

        var remaining = new List<string>();
        foreach (var snapshotId in snapshotIds.Order(StringComparer.Ordinal))
        {
            try
            {
                await ec2.DeleteSnapshotAsync(snapshotId, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.IsNotFound)
            {
                // Already deleted.
            }
            catch (AwsServiceException ex) when (ex.ErrorCode is "InvalidSnapshot.InUse" or "IncorrectState")
            {
                // Still being written, or the deregistration has not reached it yet.
                remaining.Add($"snapshot {snapshotId} (still in use)");
            }
        }
        return UndoResult.From(remaining, TimeSpan.FromSeconds(15));
    }

    private static DescribeImagesRequest ByStepTags(EnvironmentSpec spec) => new()
    {
        Owners = ["self"],
        Filters = [Ec2Filter.Tag(ResourceTags.EnvironmentKey, spec.EnvironmentId), Ec2Filter.Tag(ResourceTags.StepKey, Step)],
    };

    private static CreateAmiOutput Adopt(EnvironmentSpec spec, Image image) =>
        Ownership.IsOurs(image.Tags, spec)
            ? new CreateAmiOutput(image.ImageId, Baked: true)
            : throw Ownership.NotOurs("machine image", image.Name ?? image.ImageId, spec);

    private async Task<Image?> FindByNameAsync(string name, CancellationToken cancellationToken)
    {
        var images = await DescribeAsync(DescribeImagesRequest.ByName(name), cancellationToken).ConfigureAwait(false);
        return images
            .Where(i => i.Name == name && i.State != "deregistered")
            .OrderBy(i => i.CreationDate ?? DateTimeOffset.MaxValue)
            .ThenBy(i => i.ImageId, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private async Task<IReadOnlyList<Image>> DescribeAsync(DescribeImagesRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await ec2.DescribeImagesAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            return [];
        }
    }
}
