using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Time;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Lifecycles;

/// <summary>
/// Auto Scaling on the clock: each instance the group launches is <c>Pending</c> until it is
/// <c>InService</c> (about a minute); a deleted group stays visible as <c>Delete in progress</c>, its
/// instances <c>Terminating</c>, for a few minutes (moto removes it at once). A scale-in (Update or
/// SetDesiredCapacity) deregisters the instances it terminates from the group's target groups, where they
/// drain for the deregistration delay (moto leaves them registered and healthy). The groups being deleted and the
/// targets drained are kept in the layer's state: moto forgot them, so nothing else could rebuild them after a restart.
/// </summary>
internal sealed class AutoScalingLifecycle(RealismLayer layer) : ICallBehavior, IPersistentState
{
    private readonly ConcurrentDictionary<string, (XElement Group, ResourceClock Clock)> _deleting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string TargetGroupArn, string InstanceId), (DateTimeOffset Until, string Port)> _drainingTargets = new();
    private readonly ConcurrentDictionary<(string TargetGroupArn, string InstanceId), bool> _deregistered = new();

    public static string InstanceKey(string instanceId) => "asg-instance:" + instanceId;

    private sealed record SavedDeleting(string Name, string Group, ResourceClock Clock);

    private sealed record SavedTarget(string TargetGroupArn, string InstanceId, DateTimeOffset? Until = null, string? Port = null);

    private sealed record SavedState(List<SavedDeleting> Deleting, List<SavedTarget> Draining, List<SavedTarget> Deregistered);

    public string StateName => "autoScaling";

    public JsonNode SaveState() => JsonSerializer.SerializeToNode(new SavedState(
        [.. _deleting.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => new SavedDeleting(d.Key, d.Value.Group.ToString(SaveOptions.DisableFormatting), d.Value.Clock))],
        [.. _drainingTargets.Select(d => new SavedTarget(d.Key.TargetGroupArn, d.Key.InstanceId, d.Value.Until, d.Value.Port))],
        [.. _deregistered.Keys.Select(d => new SavedTarget(d.TargetGroupArn, d.InstanceId))]), LocalCloudState.Json)!;

    public void LoadState(JsonNode saved)
    {
        if (saved.Deserialize<SavedState>(LocalCloudState.Json) is not { } state)
        {
            return;
        }
        foreach (var d in state.Deleting)
        {
            _deleting.TryAdd(d.Name, (XElement.Parse(d.Group), d.Clock));
        }
        foreach (var t in state.Draining)
        {
            _drainingTargets.TryAdd((t.TargetGroupArn, t.InstanceId), (t.Until ?? DateTimeOffset.MinValue, t.Port ?? ""));
        }
        foreach (var t in state.Deregistered)
        {
            _deregistered.TryAdd((t.TargetGroupArn, t.InstanceId), true);
        }
    }

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
                var before = call.Action == "CreateAutoScalingGroup" || call.Param("AutoScalingGroupName") is not { } resized
                    ? null
                    : await GroupAsync(resized, cancellationToken).ConfigureAwait(false);
                var response = await next(call, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode && call.Param("AutoScalingGroupName") is { } name)
                {
                    // Start the clocks of the instances this call launched now, not when someone first looks.
                    var after = await GroupAsync(name, cancellationToken).ConfigureAwait(false);
                    foreach (var id in InstanceIds(after))
                    {
                        layer.Timeline.Start(InstanceKey(id), LatencyKind.InstanceInService);
                    }
                    if (before is not null)
                    {
                        await DeregisterScaledInAsync(before, [.. InstanceIds(before).Except(InstanceIds(after), StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
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
                            if (_deleting.TryRemove(name, out _))
                            {
                                layer.State.Changed();
                            }
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
                    layer.Timeline.Record(clock);
                    layer.State.Changed();
                }
                return response;
            }
            default:
                return await next(call, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Targets of <paramref name="targetGroupArn"/> that a scale-in deregistered and that still drain at
    /// <paramref name="now"/> (DescribeTargetHealth shows them <c>draining</c> until their deregistration delay ends).
    /// </summary>
    public IReadOnlyList<(string InstanceId, string Port)> DrainingTargets(string targetGroupArn, DateTimeOffset now)
    {
        var drained = false;
        foreach (var key in _drainingTargets.Where(d => d.Value.Until <= now).Select(d => d.Key).ToList())
        {
            drained |= _drainingTargets.TryRemove(key, out _);
        }
        if (drained)
        {
            layer.State.Changed();
        }
        return [.. _drainingTargets.Where(d => d.Key.TargetGroupArn == targetGroupArn).OrderBy(d => d.Key.InstanceId, StringComparer.Ordinal).Select(d => (d.Key.InstanceId, d.Value.Port))];
    }

    /// <summary>Whether a scale-in deregistered this target and it is still draining (or gone): moto's own answer for it is stale.</summary>
    public bool WasDeregistered(string targetGroupArn, string instanceId) => _deregistered.ContainsKey((targetGroupArn, instanceId));

    /// <summary>
    /// AWS deregisters the instances a scale-in terminates from the group's target groups (they drain for the
    /// deregistration delay, then are gone); moto terminates them and leaves them registered, reported healthy.
    /// </summary>
    private async Task DeregisterScaledInAsync(XElement before, IReadOnlyList<string> removed, CancellationToken cancellationToken)
    {
        if (removed.Count == 0)
        {
            return;
        }
        var now = layer.Time.GetUtcNow();
        foreach (var arn in before.Child("TargetGroupARNs")?.Elements().Select(e => e.Value) ?? [])
        {
            XDocument health;
            try
            {
                health = await layer.Moto.QueryAsync("elasticloadbalancing", "DescribeTargetHealth", [new("TargetGroupArn", arn)], cancellationToken).ConfigureAwait(false);
            }
            catch (BackchannelException e) when (e.ErrorCode == "TargetGroupNotFound")
            {
                continue;
            }
            var registered = health.Named("TargetHealthDescriptions").SelectMany(e => e.Elements())
                .Select(d => d.Child("Target")).OfType<XElement>()
                .Select(t => (Id: t.ChildValue("Id") ?? "", Port: t.ChildValue("Port") ?? ""))
                .Where(t => removed.Contains(t.Id))
                .ToList();
            if (registered.Count == 0)
            {
                continue;
            }
            var delay = await DeregistrationDelayAsync(arn, cancellationToken).ConfigureAwait(false);
            await layer.Moto.QueryAsync("elasticloadbalancing", "DeregisterTargets",
                [new("TargetGroupArn", arn), .. registered.SelectMany((t, i) => (KeyValuePair<string, string>[])
                    [new($"Targets.member.{i + 1}.Id", t.Id), .. t.Port.Length > 0 ? [new KeyValuePair<string, string>($"Targets.member.{i + 1}.Port", t.Port)] : Array.Empty<KeyValuePair<string, string>>()])],
                cancellationToken).ConfigureAwait(false);
            foreach (var (id, port) in registered)
            {
                _drainingTargets[(arn, id)] = (now + delay, port);
                _deregistered[(arn, id)] = true;
            }
            layer.State.Changed();
        }
    }

    private async Task<XElement?> GroupAsync(string name, CancellationToken cancellationToken)
    {
        var groups = await layer.Moto.QueryAsync("autoscaling", "DescribeAutoScalingGroups",
            [new("AutoScalingGroupNames.member.1", name)], cancellationToken).ConfigureAwait(false);
        return groups.Named("AutoScalingGroups").FirstOrDefault()?.Elements().FirstOrDefault(g => g.ChildValue("AutoScalingGroupName") == name);
    }

    private static IEnumerable<string> InstanceIds(XElement? group) =>
        group?.Child("Instances")?.Elements().Select(i => i.ChildValue("InstanceId")).OfType<string>() ?? [];

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
            TimeSpan delay;
            try
            {
                delay = await DeregistrationDelayAsync(arn, cancellationToken).ConfigureAwait(false);
            }
            catch (BackchannelException e) when (e.ErrorCode == "TargetGroupNotFound")
            {
                continue; // deleted while the group still named it: nothing drains from it
            }
            longest = delay > longest ? delay : longest;
        }
        return longest;
    }

    private async Task<TimeSpan> DeregistrationDelayAsync(string targetGroupArn, CancellationToken cancellationToken)
    {
        var attributes = await layer.Moto.QueryAsync("elasticloadbalancing", "DescribeTargetGroupAttributes",
            [new("TargetGroupArn", targetGroupArn)], cancellationToken).ConfigureAwait(false);
        var value = attributes.Named("Attributes").SelectMany(e => e.Elements())
            .FirstOrDefault(a => a.ChildValue("Key") == "deregistration_delay.timeout_seconds")?.ChildValue("Value");
        return int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : LatencyModel.For(LatencyKind.TargetDraining).Typical;
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
