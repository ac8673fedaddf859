using System.Globalization;
using System.Xml.Linq;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Time;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Lifecycles;

/// <summary>
/// Targets <c>initial</c> -> <c>healthy</c>: a target is registered when its instance is InService (or
/// when first seen, for targets registered by hand), health checks start once the load balancer is
/// active, and the first passing check comes within one health-check interval. moto reports
/// <c>healthy</c> at once. Targets a scale-in deregistered show <c>draining</c> until their deregistration
/// delay ends (<see cref="AutoScalingLifecycle.DrainingTargets"/>).
/// </summary>
internal sealed class TargetHealthLifecycle(RealismLayer layer) : ICallBehavior
{
    private sealed record TargetGroupFacts(int IntervalSeconds, IReadOnlyList<string> LoadBalancerArns);

    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "elasticloadbalancing" || call.Action != "DescribeTargetHealth" || call.Param("TargetGroupArn") is not { } groupArn)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        var response = await next(call, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return response;
        }
        var facts = await FactsAsync(groupArn, cancellationToken).ConfigureAwait(false);
        var now = layer.Time.GetUtcNow();
        DateTimeOffset? lbActiveAt = null;
        foreach (var arn in facts.LoadBalancerArns)
        {
            if (layer.LoadBalancers.Clock(arn) is { } clock && (lbActiveAt is null || clock.ReadyAt > lbActiveAt))
            {
                lbActiveAt = clock.ReadyAt;
            }
        }
        var asked = AskedTargets(call);
        return await ResponseRewriter.XmlAsync(response, document =>
        {
            ShowDraining(document, groupArn, asked, now);
            foreach (var description in document.Named("TargetHealthDescriptions").SelectMany(e => e.Elements()))
            {
                var health = description.Child("TargetHealth");
                if (description.Child("Target")?.ChildValue("Id") is not { } targetId || health?.ChildValue("State") != "healthy")
                {
                    continue;
                }
                var registeredAt = layer.AutoScaling.InServiceAt(targetId)
                    ?? layer.Timeline.Start($"target:{groupArn}/{targetId}", LatencyKind.TargetHealthy, duration: TimeSpan.Zero).Start;
                var checksFrom = lbActiveAt is { } active && active > registeredAt ? active : registeredAt;
                var firstPass = layer.Timeline.Start($"target-check:{groupArn}/{targetId}", LatencyKind.TargetHealthy,
                    duration: Scaled(layer.Sampler.Sample(LatencyKind.TargetHealthy, $"target-check:{groupArn}/{targetId}"), facts.IntervalSeconds)).Duration;
                if (now >= checksFrom + firstPass)
                {
                    continue;
                }
                health.SetChild("State", "initial");
                var registering = now < registeredAt;
                health.SetChild("Reason", registering ? "Elb.RegistrationInProgress" : "Elb.InitialHealthChecking");
                health.SetChild("Description", registering ? "Target registration is in progress" : "Initial health checks in progress");
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Targets a scale-in deregistered: <c>draining</c> for the deregistration delay, then absent, as AWS shows
    /// them; moto's own entry for them (it keeps terminated instances registered and healthy) is dropped.
    /// </summary>
    private void ShowDraining(XDocument document, string groupArn, HashSet<string>? asked, DateTimeOffset now)
    {
        var descriptions = document.Named("TargetHealthDescriptions").FirstOrDefault();
        if (descriptions is null)
        {
            var result = document.Named("DescribeTargetHealthResult").FirstOrDefault();
            if (result is null)
            {
                return;
            }
            descriptions = new XElement(result.Name.Namespace + "TargetHealthDescriptions");
            result.Add(descriptions);
        }
        foreach (var stale in descriptions.Elements().Where(d => d.Child("Target")?.ChildValue("Id") is { } id && layer.AutoScaling.WasDeregistered(groupArn, id)).ToList())
        {
            stale.Remove();
        }
        var ns = descriptions.Name.Namespace;
        foreach (var (id, port) in layer.AutoScaling.DrainingTargets(groupArn, now).Where(t => asked is null || asked.Contains(t.InstanceId)))
        {
            descriptions.Add(new XElement(ns + "member",
                new XElement(ns + "Target", new XElement(ns + "Id", id), new XElement(ns + "Port", port)),
                new XElement(ns + "HealthCheckPort", port),
                new XElement(ns + "TargetHealth",
                    new XElement(ns + "State", "draining"),
                    new XElement(ns + "Reason", "Target.DeregistrationInProgress"),
                    new XElement(ns + "Description", "Target deregistration is in progress"))));
        }
    }

    /// <summary>The target ids the call names (<c>Targets.member.N.Id</c>); null: every target of the group.</summary>
    private static HashSet<string>? AskedTargets(AwsCall call)
    {
        HashSet<string>? ids = null;
        for (var i = 1; call.Param($"Targets.member.{i}.Id") is { } id; i++)
        {
            (ids ??= new HashSet<string>(StringComparer.Ordinal)).Add(id);
        }
        return ids;
    }

    private static TimeSpan Scaled(TimeSpan sample, int intervalSeconds) =>
        sample * (intervalSeconds / LatencyModel.For(LatencyKind.TargetHealthy).Typical.TotalSeconds);

    private async Task<TargetGroupFacts> FactsAsync(string groupArn, CancellationToken cancellationToken)
    {
        // Read on every call: the load balancers of a group change when listeners are added.
        var described = await layer.Moto.QueryAsync("elasticloadbalancing", "DescribeTargetGroups",
            [new("TargetGroupArns.member.1", groupArn)], cancellationToken).ConfigureAwait(false);
        var member = described.Named("TargetGroups").FirstOrDefault()?.Elements().FirstOrDefault();
        var interval = int.TryParse(member?.ChildValue("HealthCheckIntervalSeconds"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) ? seconds : 30;
        var arns = member?.Child("LoadBalancerArns")?.Elements().Select(e => e.Value).ToList() ?? [];
        return new TargetGroupFacts(interval, arns);
    }
}
