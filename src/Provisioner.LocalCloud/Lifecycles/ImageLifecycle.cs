using System.Globalization;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Time;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Lifecycles;

/// <summary>
/// AMI <c>pending</c> -> <c>available</c> on the clock (moto makes an image available at once), with its
/// snapshots <c>pending</c> and their progress climbing to 100 % over the same time. Launching an instance
/// from a pending AMI fails with <c>InvalidAMIID.Unavailable</c>, as in AWS.
/// </summary>
internal sealed class ImageLifecycle(RealismLayer layer) : ICallBehavior
{
    public static string ImageKey(string imageId) => "image:" + imageId;

    public static string SnapshotKey(string snapshotId) => "snapshot:" + snapshotId;

    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "ec2")
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        switch (call.Action)
        {
            case "CreateImage":
            {
                var response = await next(call, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                response.Content = new StringContent(body, System.Text.Encoding.UTF8, "text/xml");
                if (response.IsSuccessStatusCode && System.Xml.Linq.XDocument.Parse(body).Named("imageId").FirstOrDefault()?.Value is { } imageId)
                {
                    var clock = layer.Timeline.Start(ImageKey(imageId), LatencyKind.ImageAvailable, duration: call.TransitionOverride, fails: call.CreatesFailingResource);
                    var image = await layer.Moto.QueryAsync("ec2", "DescribeImages", [new("ImageId.1", imageId)], cancellationToken).ConfigureAwait(false);
                    foreach (var snapshotId in image.Named("snapshotId").Select(e => e.Value).Distinct())
                    {
                        layer.Timeline.Start(SnapshotKey(snapshotId), LatencyKind.ImageAvailable, clock.Start, clock.Duration);
                    }
                }
                return response;
            }
            case "DescribeImages":
            {
                var response = await next(call, cancellationToken).ConfigureAwait(false);
                var now = layer.Time.GetUtcNow();
                return await ResponseRewriter.XmlAsync(response, document =>
                {
                    foreach (var item in document.Named("imagesSet").SelectMany(e => e.Elements()))
                    {
                        if (item.ChildValue("imageId") is not { } id || layer.Timeline.Find(ImageKey(id)) is not { } clock)
                        {
                            continue;
                        }
                        // moto stamps the real time; callers estimate the time left from the image's age on the same clock as its lifecycle.
                        item.SetChild("creationDate", clock.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                        if (item.ChildValue("imageState") != "available")
                        {
                            continue;
                        }
                        if (!clock.IsDone(now))
                        {
                            item.SetChild("imageState", "pending");
                        }
                        else if (clock.Fails)
                        {
                            item.SetChild("imageState", "failed");
                            var reason = item.Child("stateReason") ?? new System.Xml.Linq.XElement(item.Name.Namespace + "stateReason");
                            if (reason.Parent is null)
                            {
                                item.Add(reason);
                            }
                            reason.SetChild("code", "Server.InternalError");
                            reason.SetChild("message", "Server.InternalError: Internal error on launch (injected fault)");
                        }
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
            case "DescribeSnapshots":
            {
                var response = await next(call, cancellationToken).ConfigureAwait(false);
                var now = layer.Time.GetUtcNow();
                return await ResponseRewriter.XmlAsync(response, document =>
                {
                    foreach (var item in document.Named("snapshotSet").SelectMany(e => e.Elements()))
                    {
                        if (item.ChildValue("snapshotId") is { } id && layer.Timeline.Find(SnapshotKey(id)) is { } clock)
                        {
                            var done = clock.IsDone(now);
                            item.SetChild("status", done ? "completed" : "pending");
                            var percent = done ? 100 : (int)Math.Floor(clock.Progress(now) * 100);
                            item.SetChild("progress", percent.ToString(CultureInfo.InvariantCulture) + "%");
                        }
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
            case "RunInstances":
            {
                if (call.Param("ImageId") is { } imageId && layer.Timeline.Find(ImageKey(imageId)) is { } clock && !clock.IsDone(layer.Time.GetUtcNow()))
                {
                    return AwsErrors.Create(call, System.Net.HttpStatusCode.BadRequest, "InvalidAMIID.Unavailable",
                        $"The image id '[{imageId}]' is not available yet (pending).");
                }
                return await next(call, cancellationToken).ConfigureAwait(false);
            }
            default:
                return await next(call, cancellationToken).ConfigureAwait(false);
        }
    }
}
