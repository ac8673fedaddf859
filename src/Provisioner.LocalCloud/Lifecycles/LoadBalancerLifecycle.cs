using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Time;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Lifecycles;

/// <summary>
/// ALB <c>provisioning</c> -> <c>active</c> on the clock. Deleting an ALB takes seconds, during which its
/// network interfaces still hold its security groups (deleting them fails with DependencyViolation).
/// The groups being released are kept in the layer's state (a restart does not free them early).
/// </summary>
internal sealed class LoadBalancerLifecycle(RealismLayer layer) : ICallBehavior, IPersistentState
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _releasingGroups = new(StringComparer.Ordinal);

    public static string Key(string arn) => "alb:" + arn;

    public string StateName => "releasingGroups";

    public JsonNode SaveState() => JsonSerializer.SerializeToNode(new SortedDictionary<string, DateTimeOffset>(_releasingGroups, StringComparer.Ordinal), LocalCloudState.Json)!;

    public void LoadState(JsonNode saved)
    {
        foreach (var (group, at) in saved.Deserialize<Dictionary<string, DateTimeOffset>>(LocalCloudState.Json) ?? [])
        {
            _releasingGroups.TryAdd(group, at);
        }
    }

    /// <summary>When a deleted load balancer lets go of <paramref name="groupId"/>, if one holds it.</summary>
    public DateTimeOffset? SecurityGroupReleasedAt(string groupId) =>
        _releasingGroups.TryGetValue(groupId, out var at) ? at : null;

    /// <summary>True while the load balancer is provisioning (false when unknown or active).</summary>
    public bool IsProvisioning(string arn) =>
        layer.Timeline.Find(Key(arn)) is { } clock && !clock.IsDone(layer.Time.GetUtcNow());

    public ResourceClock? Clock(string arn) => layer.Timeline.Find(Key(arn));

    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "elasticloadbalancing")
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        switch (call.Action)
        {
            case "CreateLoadBalancer":
            case "DescribeLoadBalancers":
            {
                var response = await next(call, cancellationToken).ConfigureAwait(false);
                var now = layer.Time.GetUtcNow();
                var starts = call.Action == "CreateLoadBalancer";
                return await ResponseRewriter.XmlAsync(response, document =>
                {
                    foreach (var member in document.Named("LoadBalancers").SelectMany(e => e.Elements()))
                    {
                        if (member.ChildValue("LoadBalancerArn") is not { } arn)
                        {
                            continue;
                        }
                        var clock = starts
                            ? layer.Timeline.Start(Key(arn), LatencyKind.LoadBalancerActive, duration: call.TransitionOverride, fails: call.CreatesFailingResource)
                            : layer.Timeline.Find(Key(arn));
                        if (clock is null)
                        {
                            continue;
                        }
                        // moto stamps the real time; callers estimate the time left from the age on the lifecycle's clock.
                        member.SetChild("CreatedTime", clock.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
                        var state = member.Child("State");
                        if (state is null)
                        {
                            member.Add(state = new System.Xml.Linq.XElement(member.Name.Namespace + "State"));
                        }
                        state.SetChild("Code", !clock.IsDone(now) ? "provisioning" : clock.Fails ? "failed" : "active");
                        if (clock.IsDone(now) && clock.Fails)
                        {
                            state.SetChild("Reason", "The load balancer could not be provisioned (injected fault).");
                        }
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
            case "DeleteLoadBalancer":
            {
                var arn = call.Param("LoadBalancerArn");
                List<string> groups = [];
                if (arn is not null)
                {
                    try
                    {
                        var described = await layer.Moto.QueryAsync("elasticloadbalancing", "DescribeLoadBalancers",
                            [new("LoadBalancerArns.member.1", arn)], cancellationToken).ConfigureAwait(false);
                        groups = [.. described.Named("SecurityGroups").SelectMany(e => e.Elements()).Select(e => e.Value)];
                    }
                    catch (BackchannelException ex) when (ex.ErrorCode == "LoadBalancerNotFound")
                    {
                        // Already gone: nothing is held.
                    }
                }
                var response = await next(call, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode && arn is not null && groups.Count > 0)
                {
                    var deletion = new ResourceClock("alb-delete:" + arn, LatencyKind.LoadBalancerDelete, layer.Time.GetUtcNow(),
                        layer.Sampler.Sample(LatencyKind.LoadBalancerDelete, arn));
                    layer.Timeline.Record(deletion);
                    var releasedAt = deletion.ReadyAt;
                    foreach (var group in groups)
                    {
                        _releasingGroups.AddOrUpdate(group, releasedAt, (_, earlier) => earlier > releasedAt ? earlier : releasedAt);
                    }
                    layer.State.Changed();
                    layer.Timeline.Forget(Key(arn));
                }
                return response;
            }
            default:
                return await next(call, cancellationToken).ConfigureAwait(false);
        }
    }
}
