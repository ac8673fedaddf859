using Provisioner.Aws;
using Provisioner.Aws.Ec2;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;
using Provisioner.Functions.Steps.Resources;

namespace Provisioner.Functions.Steps;

/// <summary><see cref="Baked"/> is false when the spec's <c>source.amiId</c> is used as is (and never deleted).</summary>
public sealed record CreateAmiOutput(string AmiId, bool Baked);

/// <summary>
/// The machine image: baked from the spec's running instance (CreateImage returns at once with the image
/// <c>pending</c>; WaitAvailable polls it), or the spec's existing AMI. CreateImage has no client token;
/// the AMI name is unique per account and region, so a retried Run finds the first attempt's image by name.
/// The image and its snapshots carry the environment's tags, so Undo finds them without the ledger.
/// </summary>
public sealed class CreateAmi(IEc2Client ec2, StepSettings? settings = null)
{
    private const string Step = StepNames.CreateAmi;

    /// <summary>CreateImage works on a running or a stopped instance.</summary>
    private static readonly string[] BakeableStates = ["running", "stopped"];

    private readonly StepSettings _settings = settings ?? StepSettings.Default;

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

        var owner = _settings.OwnerOf(spec);
        var name = owner.Names.Image;
        var tags = owner.Tags(Step, name);
        var found = await CreateOrAdopt.RunAsync(
            ct => FindByNameAsync(name, ct),
            async ct =>
            {
                var instanceId = await AllowedSourceAsync(spec.Source, ct).ConfigureAwait(false);
                var imageId = await ec2.CreateImageAsync(
                    new CreateImageRequest
                    {
                        InstanceId = instanceId,
                        Name = name,
                        Description = $"Provisioner environment {spec.EnvironmentId}: image of {instanceId}",
                        NoReboot = spec.Source.NoReboot,
                        ImageTags = tags,
                        SnapshotTags = tags,
                    },
                    ct).ConfigureAwait(false);
                return new Image(imageId, name, "pending", null, null, [], tags);
            },
            AwsErrorCodes.DuplicateImageName, cancellationToken).ConfigureAwait(false);
        if (!found.Created)
        {
            Ownership.Claim(owner, found.Resource.Tags, "machine image", found.Resource.Name ?? found.Resource.ImageId);
        }
        return new CreateAmiOutput(found.Resource.ImageId, Baked: true);
    }

    /// <summary>
    /// Removes the image this environment baked, whatever the spec says now (a spec switched from
    /// <c>source.instanceId</c> to <c>source.amiId</c> leaks nothing): only an image with our deterministic
    /// name and our tags, so a user's own AMI is never touched, and the snapshots carrying our tags.
    /// </summary>
    public async Task<UndoResult> UndoAsync(UndoInput input, CancellationToken cancellationToken)
    {
        var owner = _settings.OwnerOf(input.Spec);
        var name = owner.Names.Image;
        var images = (await DescribeAsync(DescribeImagesRequest.ByName(name), cancellationToken).ConfigureAwait(false))
            .Concat(await DescribeAsync(ByStepTags(owner), cancellationToken).ConfigureAwait(false))
            .Where(i => i.Name == name && Ownership.MayDelete(owner, i.Tags))
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
            catch (AwsServiceException ex) when (ex.IsNotFound || ex.ErrorCode == AwsErrorCodes.ImageUnavailable)
            {
                // Already deregistered (by an earlier attempt whose answer was lost, for one).
            }
        }

        // Snapshots by tag too: a crash between DeregisterImage and DeleteSnapshot leaves them with no image.
        var tagged = await ec2.DescribeSnapshotsAsync(
            new DescribeSnapshotsRequest { Filters = [Ec2Filter.Tag(ResourceTags.EnvironmentKey, owner.EnvironmentId), Ec2Filter.Tag(ResourceTags.StepKey, Step)] },
            cancellationToken).ConfigureAwait(false);
        snapshotIds.UnionWith(tagged.Where(s => Ownership.MayDelete(owner, s.Tags)).Select(s => s.SnapshotId));

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

    /// <summary>
    /// The instance to bake (by id, or by its <c>Name</c> tag: exactly one running or stopped instance), and
    /// only one the account marked as an allowed source (CreateImage reboots the instance and copies its
    /// disks): IAM holds the same rule, this says which tag is missing.
    /// </summary>
    private async Task<string> AllowedSourceAsync(SourceSpec source, CancellationToken cancellationToken)
    {
        var (field, wanted) = source.InstanceId is { } id ? ("source.instanceId", id) : ("source.instanceName", source.InstanceName!);
        var request = source.InstanceId is not null
            ? new DescribeInstancesRequest { InstanceIds = [source.InstanceId] }
            : new DescribeInstancesRequest
            {
                Filters = [Ec2Filter.Tag(ResourceTags.NameKey, source.InstanceName!), new Ec2Filter("instance-state-name", BakeableStates)],
            };
        IReadOnlyList<Instance> instances;
        try
        {
            instances = await ec2.DescribeInstancesAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            instances = [];
        }
        var matching = source.InstanceId is not null
            ? instances.Where(i => i.InstanceId == source.InstanceId).ToList()
            : instances.Where(i => BakeableStates.Contains(i.State) && i.Tags.GetValueOrDefault(ResourceTags.NameKey) == source.InstanceName).ToList();
        var instance = matching.Count switch
        {
            0 => throw new StepFailedException(StepErrors.Rejected, source.InstanceId is not null
                ? $"{field}: instance {wanted} does not exist."
                : $"{field}: no running or stopped instance is named '{wanted}'."),
            1 => matching[0],
            _ => throw new StepFailedException(StepErrors.Rejected,
                $"{field}: {matching.Count} instances are named '{wanted}' ({string.Join(", ", matching.Select(i => i.InstanceId).Order(StringComparer.Ordinal))}); name one by source.instanceId."),
        };
        if (!instance.Tags.TryGetValue(_settings.SourceTagKey, out var value) || !string.Equals(value, _settings.SourceTagValue, StringComparison.Ordinal))
        {
            throw new StepFailedException(StepErrors.Rejected,
                $"{field}: instance {instance.InstanceId} is not tagged {_settings.SourceTagKey}={_settings.SourceTagValue}; " +
                "only instances the account marked as allowed sources can be baked into an image.");
        }
        return instance.InstanceId;
    }

    private static DescribeImagesRequest ByStepTags(ResourceOwner owner) => new()
    {
        Owners = ["self"],
        Filters = [Ec2Filter.Tag(ResourceTags.EnvironmentKey, owner.EnvironmentId), Ec2Filter.Tag(ResourceTags.StepKey, Step)],
    };

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
