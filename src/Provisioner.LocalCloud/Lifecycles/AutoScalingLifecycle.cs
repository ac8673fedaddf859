using System.Collections.Concurrent;
using System.Xml.Linq;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Time;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Lifecycles;

/// <summary>
/// Auto Scaling on the clock: each instance the group launches is <c>Pending</c> until it is
/// <c>InService</c> (about a minute); a deleted group stays visible as <c>Delete in progress</c>, its
/// instances <c>Terminating</c>, for a few minutes (moto removes it at once).
/// </summary>
internal sealed class AutoScalingLifecycle(RealismLayer layer) : ICallBehavior
{
    private readonly ConcurrentDictionary<string, (XElement Group, ResourceClock Clock)> _deleting = new(StringComparer.Ordinal);

    public static string InstanceKey(string instanceId) => "asg-instance:" + instanceId;

    public bool IsPendingDelete(string group) =>
        _deleting.TryGetValue(group, out var entry) && !entry.Clock.IsDone(layer.Time.GetUtcNow());

    /// <summary>When an ASG instance is (or will be) InService, if the layer has seen it.</summary>
    public DateTimeOffset? InServiceAt(string instanceId) => layer.Timeline.Find(InstanceKey(instanceId))?.ReadyAt;

    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "autoscaling")
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        switch (call.Action)
        {
            case "CreateAutoScalingGroup":
            case "UpdateAutoScalingGroup":
            case "SetDesiredCapacity":
            {
                var response = await next(call, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode && call.Param("AutoScalingGroupName") is { } name)
                {
                    // Start the clocks of the instances this call launched now, not when someone first looks.
                    var groups = await layer.Moto.QueryAsync("autoscaling", "DescribeAutoScalingGroups",
                        [new("AutoScalingGroupNames.member.1", name)], cancellationToken).ConfigureAwait(false);
                    foreach (var id in groups.Named("Instances").SelectMany(e => e.Elements()).Select(i => i.ChildValue("InstanceId")).OfType<string>())
                    {
                        layer.Timeline.Start(InstanceKey(id), LatencyKind.InstanceInService);
                    }
                }
                return response;
            }
            case "DescribeAutoScalingGroups":
            {
                var response = await next(call, cancellationToken).ConfigureAwait(false);
                var now = layer.Time.GetUtcNow();
                var wanted = call.ParamList("AutoScalingGroupNames.member");
                return await ResponseRewriter.XmlAsync(response, document =>
                {
                    var list = document.Named("AutoScalingGroups").FirstOrDefault();
                    if (list is null)
                    {
                        return;
                    }
                    foreach (var group in list.Elements())
                    {
                        RewriteInstances(group.Child("Instances")?.Elements() ?? [], now);
                    }
                    foreach (var (name, entry) in _deleting.OrderBy(d => d.Key, StringComparer.Ordinal))
                    {
                        if (entry.Clock.IsDone(now))
                        {
                            _deleting.TryRemove(name, out _);
                            continue;
                        }
                        if ((wanted.Count == 0 || wanted.Contains(name)) && !list.Elements().Any(g => g.ChildValue("AutoScalingGroupName") == name))
                        {
                            list.Add(Retag(entry.Group, list.Name.Namespace));
                        }
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
            case "DescribeAutoScalingInstances":
            {
                var response = await next(call, cancellationToken).ConfigureAwait(false);
                var now = layer.Time.GetUtcNow();
                return await ResponseRewriter.XmlAsync(response, document =>
                    RewriteInstances(document.Named("AutoScalingInstances").SelectMany(e => e.Elements()), now), cancellationToken).ConfigureAwait(false);
            }
            case "DeleteAutoScalingGroup":
            {
                var name = call.Param("AutoScalingGroupName");
                XElement? snapshot = null;
                if (name is not null)
                {
                    var groups = await layer.Moto.QueryAsync("autoscaling", "DescribeAutoScalingGroups",
                        [new("AutoScalingGroupNames.member.1", name)], cancellationToken).ConfigureAwait(false);
                    snapshot = groups.Named("AutoScalingGroups").FirstOrDefault()?.Elements().FirstOrDefault();
                }
                // Instances behind a target group drain for its deregistration delay before they terminate.
                var draining = snapshot is not null && snapshot.Child("Instances")?.Elements().Any() == true
                    ? await LongestDeregistrationDelayAsync(snapshot, cancellationToken).ConfigureAwait(false)
                    : TimeSpan.Zero;
                if (snapshot is not null && name is not null)
                {
                    await DetachDeletedTargetGroupsAsync(name, snapshot, cancellationToken).ConfigureAwait(false);
                }
                var response = await next(call, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode && name is not null && snapshot is not null)
                {
                    snapshot.SetChild("Status", "Delete in progress");
                    foreach (var instance in snapshot.Child("Instances")?.Elements() ?? [])
                    {
                        instance.SetChild("LifecycleState", "Terminating");
                    }
                    var clock = new ResourceClock("asg-delete:" + name, LatencyKind.AutoScalingGroupDelete, layer.Time.GetUtcNow(),
                        draining + layer.Sampler.Sample(LatencyKind.AutoScalingGroupDelete, name));
                    _deleting[name] = (snapshot, clock);
                }
                return response;
            }
            default:
                return await next(call, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Instances of groups still being deleted: in AWS they are terminating and still hold their security groups.</summary>
    public IReadOnlyList<string> TerminatingInstances()
    {
        var now = layer.Time.GetUtcNow();
        return [.. _deleting.Values.Where(d => !d.Clock.IsDone(now))
            .SelectMany(d => d.Group.Child("Instances")?.Elements() ?? [])
            .Select(i => i.ChildValue("InstanceId")).OfType<string>()];
    }

    /// <summary>The group's clock while it is being deleted (null when it is not).</summary>
    public ResourceClock? DeletionClock(string group) => _deleting.TryGetValue(group, out var entry) ? entry.Clock : null;

    /// <summary>
    /// AWS deletes a group whose target group was deleted first (nothing drains from a target group that is gone);
    /// moto refuses with TargetGroupNotFound, so the gone ones are detached from the group before it is deleted.
    /// </summary>
    private async Task DetachDeletedTargetGroupsAsync(string name, XElement group, CancellationToken cancellationToken)
    {
        var gone = new List<string>();
        foreach (var arn in group.Child("TargetGroupARNs")?.Elements().Select(e => e.Value) ?? [])
        {
            try
            {
                await layer.Moto.QueryAsync("elasticloadbalancing", "DescribeTargetGroups", [new("TargetGroupArns.member.1", arn)], cancellationToken).ConfigureAwait(false);
            }
            catch (BackchannelException e) when (e.ErrorCode == "TargetGroupNotFound")
            {
                gone.Add(arn);
            }
        }
        if (gone.Count == 0)
        {
            return;
        }
        try
        {
            await layer.Moto.QueryAsync("autoscaling", "DetachLoadBalancerTargetGroups",
                [new("AutoScalingGroupName", name), .. gone.Select((arn, i) => new KeyValuePair<string, string>($"TargetGroupARNs.member.{i + 1}", arn))],
                cancellationToken).ConfigureAwait(false);
        }
        catch (BackchannelException e) when (e.ErrorCode == "TargetGroupNotFound")
        {
            // moto removes the target groups from the group first, then fails deregistering the instances from them.
        }
    }

    private async Task<TimeSpan> LongestDeregistrationDelayAsync(XElement group, CancellationToken cancellationToken)
    {
        var longest = TimeSpan.Zero;
        foreach (var arn in group.Child("TargetGroupARNs")?.Elements().Select(e => e.Value) ?? [])
        {
            XDocument attributes;
            try
            {
                attributes = await layer.Moto.QueryAsync("elasticloadbalancing", "DescribeTargetGroupAttributes",
                    [new("TargetGroupArn", arn)], cancellationToken).ConfigureAwait(false);
            }
            catch (BackchannelException e) when (e.ErrorCode == "TargetGroupNotFound")
            {
                continue; // deleted while the group still named it: nothing drains from it
            }
            var value = attributes.Named("Attributes").SelectMany(e => e.Elements())
                .FirstOrDefault(a => a.ChildValue("Key") == "deregistration_delay.timeout_seconds")?.ChildValue("Value");
            var delay = int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : LatencyModel.For(LatencyKind.TargetDraining).Typical;
            longest = delay > longest ? delay : longest;
        }
        return longest;
    }

    private void RewriteInstances(IEnumerable<XElement> instances, DateTimeOffset now)
    {
        foreach (var instance in instances)
        {
            if (instance.ChildValue("InstanceId") is not { } id || instance.ChildValue("LifecycleState") != "InService")
            {
                continue;
            }
            var clock = layer.Timeline.Start(InstanceKey(id), LatencyKind.InstanceInService);
            if (!clock.IsDone(now))
            {
                instance.SetChild("LifecycleState", "Pending");
            }
        }
    }

    private static XElement Retag(XElement element, XNamespace ns)
    {
        var copy = new XElement(element);
        foreach (var e in copy.DescendantsAndSelf())
        {
            e.Name = ns + e.Name.LocalName;
        }
        return copy;
    }
}
