using System.Globalization;
using Provisioner.Aws;
using Provisioner.Aws.Ec2;
using Provisioner.Core.Spec;
using Provisioner.Core.Steps;

namespace Provisioner.Functions.Steps;

/// <param name="StartedAt">The provision's start (<c>$$.Execution.StartTime</c>): the waits share <see cref="WaitBudget"/> from it.</param>
public sealed record WaitAvailableInput(EnvironmentSpec Spec, string AmiId, DateTimeOffset? StartedAt = null);

/// <summary>
/// The AMI readiness check the state machine polls (no waiting in here: an image takes minutes). Ready when
/// the image is <c>available</c>; a <c>failed</c> image is <c>Provisioner.ResourceFailed</c>. The suggested
/// poll interval comes from the snapshots' progress when EC2 reports it, else from the image's age
/// against the typical bake time.
/// </summary>
public sealed class WaitAvailable(IEc2Client ec2, TimeProvider time)
{
    /// <summary>Typical CreateImage-to-available time for an 8 GiB gp3 root volume.</summary>
    public static readonly TimeSpan TypicalBake = TimeSpan.FromMinutes(4);

    /// <summary>
    /// The fastest bakes AWS reports: the first look comes then, when the snapshots already show progress to
    /// extrapolate from (waiting the typical time would overshoot every faster bake).
    /// </summary>
    public static readonly TimeSpan FastestBake = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan OverduePoll = TimeSpan.FromSeconds(30);

    public async Task<CheckResult> RunAsync(WaitAvailableInput input, CancellationToken cancellationToken)
    {
        IReadOnlyList<Image> images;
        try
        {
            images = await ec2.DescribeImagesAsync(DescribeImagesRequest.ById(input.AmiId), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            images = [];
        }
        var image = images.FirstOrDefault(i => i.ImageId == input.AmiId)
            // EC2 is eventually consistent: a just-created image can be invisible for a moment. Let the state
            // machine retry; if it stays invisible, its retries run out and the run rolls back.
            ?? throw new StepFailedException(StepErrors.Transient, $"Image {input.AmiId} is not visible (yet).");

        switch (image.State)
        {
            case "available":
                return CheckResult.Ready;
            case "pending":
                return WaitBudget.Within(await EstimateAsync(image, cancellationToken).ConfigureAwait(false), input.StartedAt, time.GetUtcNow(),
                    $"Image {image.ImageId} did not become available");
            default:
                throw new StepFailedException(StepErrors.ResourceFailed,
                    $"Image {image.ImageId} is {image.State}{(string.IsNullOrEmpty(image.StateReason) ? "" : ": " + image.StateReason)}.");
        }
    }

    private async Task<TimeSpan> EstimateAsync(Image image, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var elapsed = image.CreationDate is { } created ? now - created : (TimeSpan?)null;
        if (elapsed is { } spent && spent > TimeSpan.Zero && image.SnapshotIds.Count > 0)
        {
            var snapshots = await ec2.DescribeSnapshotsAsync(new DescribeSnapshotsRequest { SnapshotIds = image.SnapshotIds }, cancellationToken).ConfigureAwait(false);
            var progress = snapshots.Select(s => ParsePercent(s.Progress)).Where(p => p is > 0 and < 100).Select(p => p!.Value).DefaultIfEmpty().Min();
            if (progress > 0)
            {
                // Linear extrapolation: spent so far is `progress` percent of the whole.
                return spent * ((100 - progress) / progress);
            }
        }
        return WaitEstimate.Remaining(image.CreationDate, now, FastestBake, OverduePoll);
    }

    internal static double? ParsePercent(string? progress) =>
        progress is not null && double.TryParse(progress.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
