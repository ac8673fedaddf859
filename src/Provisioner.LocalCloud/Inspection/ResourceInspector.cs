using System.Text.Json.Nodes;
using System.Xml.Linq;
using Provisioner.Core.Naming;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Inspection;

/// <summary>
/// Lists every resource of an environment across services: whatever carries
/// <c>provisioner:environment=&lt;id&gt;</c>, plus what cannot carry tags and is found by its deterministic
/// name (dashboards, schedules) or by its owner (listeners of the environment's load balancers).
/// Reads the emulator directly (never throttled, faulted or rewritten), so it shows what really exists.
/// </summary>
public sealed class ResourceInspector(MotoBackchannel moto)
{
    private static readonly string[] TerminatedStates = ["terminated"];

    public async Task<IReadOnlyList<InspectedResource>> ListAsync(string environmentId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(environmentId);
        var found = new List<InspectedResource>();
        found.AddRange(await Ec2Async(environmentId, cancellationToken).ConfigureAwait(false));
        found.AddRange(await ElbV2Async(environmentId, cancellationToken).ConfigureAwait(false));
        found.AddRange(await AutoScalingAsync(environmentId, cancellationToken).ConfigureAwait(false));
        found.AddRange(await CloudWatchAsync(environmentId, cancellationToken).ConfigureAwait(false));
        found.AddRange(await SnsAsync(environmentId, cancellationToken).ConfigureAwait(false));
        found.AddRange(await LogsAsync(environmentId, cancellationToken).ConfigureAwait(false));
        found.AddRange(await SchedulesAsync(environmentId, cancellationToken).ConfigureAwait(false));
        found.AddRange(await CertificatesAsync(environmentId, cancellationToken).ConfigureAwait(false));
        return found;
    }

    private static KeyValuePair<string, string>[] TagFilter(string environmentId, int index = 1) =>
    [
        new($"Filter.{index}.Name", "tag:" + ResourceTags.EnvironmentKey),
        new($"Filter.{index}.Value.1", environmentId),
    ];

    private static Dictionary<string, string> Ec2Tags(XElement item) =>
        (item.Child("tagSet")?.Elements() ?? [])
            .Select(t => (Key: t.ChildValue("key") ?? "", Value: t.ChildValue("value") ?? ""))
            .GroupBy(t => t.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    private static Dictionary<string, string> QueryTags(XElement? tags) =>
        (tags?.Elements() ?? [])
            .Select(t => (Key: t.ChildValue("Key") ?? "", Value: t.ChildValue("Value") ?? ""))
            .GroupBy(t => t.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);

    /// <summary>
    /// A read of one listed resource, or null when it was deleted between the list and the read (another
    /// execution's teardown): what no longer exists is not reported.
    /// </summary>
    private static async Task<T?> UnlessGoneAsync<T>(Func<Task<T>> read) where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (BackchannelException e) when (e.ErrorCode is "ResourceNotFoundException" or "ResourceNotFound" or "NotFound"
            or "LoadBalancerNotFound")
        {
            return null;
        }
    }

    private static bool Belongs(Dictionary<string, string> tags, string environmentId) =>
        tags.TryGetValue(ResourceTags.EnvironmentKey, out var value) && value == environmentId;

    private async Task<List<InspectedResource>> Ec2Async(string env, CancellationToken ct)
    {
        var found = new List<InspectedResource>();
        var images = await moto.QueryAsync("ec2", "DescribeImages", [new("Owner.1", "self"), .. TagFilter(env)], ct).ConfigureAwait(false);
        foreach (var item in images.Named("imagesSet").SelectMany(e => e.Elements()))
        {
            found.Add(new("ec2", InspectedTypes.Image, item.ChildValue("imageId") ?? "", item.ChildValue("name"), Ec2Tags(item), item.ChildValue("imageState")));
        }
        var snapshots = await moto.QueryAsync("ec2", "DescribeSnapshots", [new("Owner.1", "self"), .. TagFilter(env)], ct).ConfigureAwait(false);
        foreach (var item in snapshots.Named("snapshotSet").SelectMany(e => e.Elements()))
        {
            found.Add(new("ec2", InspectedTypes.Snapshot, item.ChildValue("snapshotId") ?? "", null, Ec2Tags(item), item.ChildValue("status")));
        }
        var groups = await moto.QueryAsync("ec2", "DescribeSecurityGroups", TagFilter(env), ct).ConfigureAwait(false);
        foreach (var item in groups.Named("securityGroupInfo").SelectMany(e => e.Elements()))
        {
            found.Add(new("ec2", InspectedTypes.SecurityGroup, item.ChildValue("groupId") ?? "", item.ChildValue("groupName"), Ec2Tags(item)));
        }
        var templates = await moto.QueryAsync("ec2", "DescribeLaunchTemplates", TagFilter(env), ct).ConfigureAwait(false);
        foreach (var item in templates.Named("launchTemplates").SelectMany(e => e.Elements()))
        {
            found.Add(new("ec2", InspectedTypes.LaunchTemplate, item.ChildValue("launchTemplateId") ?? "", item.ChildValue("launchTemplateName"), Ec2Tags(item)));
        }
        var instances = await moto.QueryAsync("ec2", "DescribeInstances", TagFilter(env), ct).ConfigureAwait(false);
        foreach (var item in instances.Named("instancesSet").SelectMany(e => e.Elements()))
        {
            var state = item.Child("instanceState")?.ChildValue("name");
            if (state is not null && TerminatedStates.Contains(state))
            {
                continue;
            }
            found.Add(new("ec2", InspectedTypes.Instance, item.ChildValue("instanceId") ?? "", null, Ec2Tags(item), state));
        }
        return found;
    }

    private async Task<List<InspectedResource>> ElbV2Async(string env, CancellationToken ct)
    {
        var found = new List<InspectedResource>();
        var balancers = (await moto.QueryAsync("elasticloadbalancing", "DescribeLoadBalancers", cancellationToken: ct).ConfigureAwait(false))
            .Named("LoadBalancers").SelectMany(e => e.Elements()).ToList();
        var groups = (await moto.QueryAsync("elasticloadbalancing", "DescribeTargetGroups", cancellationToken: ct).ConfigureAwait(false))
            .Named("TargetGroups").SelectMany(e => e.Elements()).ToList();
        var arns = balancers.Select(b => b.ChildValue("LoadBalancerArn")).Concat(groups.Select(g => g.ChildValue("TargetGroupArn"))).OfType<string>().ToList();
        var tags = await ElbTagsAsync(arns, ct).ConfigureAwait(false);

        foreach (var balancer in balancers)
        {
            var arn = balancer.ChildValue("LoadBalancerArn") ?? "";
            var balancerTags = tags.GetValueOrDefault(arn) ?? [];
            if (!Belongs(balancerTags, env))
            {
                continue;
            }
            found.Add(new("elasticloadbalancing", InspectedTypes.LoadBalancer, arn, balancer.ChildValue("LoadBalancerName"), balancerTags,
                balancer.Child("State")?.ChildValue("Code")));
            var listeners = await UnlessGoneAsync(() => moto.QueryAsync("elasticloadbalancing", "DescribeListeners", [new("LoadBalancerArn", arn)], ct)).ConfigureAwait(false);
            foreach (var listener in listeners?.Named("Listeners").SelectMany(e => e.Elements()) ?? [])
            {
                found.Add(new("elasticloadbalancing", InspectedTypes.Listener, listener.ChildValue("ListenerArn") ?? "",
                    $"{listener.ChildValue("Protocol")}:{listener.ChildValue("Port")}", balancerTags));
            }
        }
        foreach (var group in groups)
        {
            var arn = group.ChildValue("TargetGroupArn") ?? "";
            var groupTags = tags.GetValueOrDefault(arn) ?? [];
            if (Belongs(groupTags, env))
            {
                found.Add(new("elasticloadbalancing", InspectedTypes.TargetGroup, arn, group.ChildValue("TargetGroupName"), groupTags));
            }
        }
        return found;
    }

    private async Task<Dictionary<string, Dictionary<string, string>>> ElbTagsAsync(List<string> arns, CancellationToken ct)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var chunk in arns.Chunk(20))
        {
            var parameters = chunk.Select((arn, i) => new KeyValuePair<string, string>($"ResourceArns.member.{i + 1}", arn));
            var described = await moto.QueryAsync("elasticloadbalancing", "DescribeTags", parameters, ct).ConfigureAwait(false);
            foreach (var description in described.Named("TagDescriptions").SelectMany(e => e.Elements()))
            {
                result[description.ChildValue("ResourceArn") ?? ""] = QueryTags(description.Child("Tags"));
            }
        }
        return result;
    }

    private async Task<List<InspectedResource>> AutoScalingAsync(string env, CancellationToken ct)
    {
        var groups = await moto.QueryAsync("autoscaling", "DescribeAutoScalingGroups", cancellationToken: ct).ConfigureAwait(false);
        var found = new List<InspectedResource>();
        foreach (var group in groups.Named("AutoScalingGroups").SelectMany(e => e.Elements()))
        {
            var tags = QueryTags(group.Child("Tags"));
            if (Belongs(tags, env))
            {
                found.Add(new("autoscaling", InspectedTypes.AutoScalingGroup, group.ChildValue("AutoScalingGroupARN") ?? group.ChildValue("AutoScalingGroupName") ?? "",
                    group.ChildValue("AutoScalingGroupName"), tags, group.ChildValue("Status")));
            }
        }
        return found;
    }

    private async Task<List<InspectedResource>> CloudWatchAsync(string env, CancellationToken ct)
    {
        var found = new List<InspectedResource>();
        var alarms = await moto.QueryAsync("monitoring", "DescribeAlarms", cancellationToken: ct).ConfigureAwait(false);
        foreach (var alarm in alarms.Named("MetricAlarms").SelectMany(e => e.Elements()))
        {
            var arn = alarm.ChildValue("AlarmArn");
            if (arn is null)
            {
                continue;
            }
            var tagDoc = await UnlessGoneAsync(() => moto.QueryAsync("monitoring", "ListTagsForResource", [new("ResourceARN", arn)], ct)).ConfigureAwait(false);
            var tags = QueryTags(tagDoc?.Named("Tags").FirstOrDefault());
            if (Belongs(tags, env))
            {
                found.Add(new("monitoring", InspectedTypes.Alarm, arn, alarm.ChildValue("AlarmName"), tags, alarm.ChildValue("StateValue")));
            }
        }
        var dashboardName = ResourceNames.For(env).Dashboard;
        var dashboards = await moto.QueryAsync("monitoring", "ListDashboards", [new("DashboardNamePrefix", dashboardName)], ct).ConfigureAwait(false);
        foreach (var entry in dashboards.Named("DashboardEntries").SelectMany(e => e.Elements()))
        {
            var name = entry.ChildValue("DashboardName") ?? "";
            if (name == dashboardName || name.StartsWith(dashboardName + "-", StringComparison.Ordinal))
            {
                found.Add(new("monitoring", InspectedTypes.Dashboard, entry.ChildValue("DashboardArn") ?? name, name, new Dictionary<string, string>()));
            }
        }
        return found;
    }

    private async Task<List<InspectedResource>> SnsAsync(string env, CancellationToken ct)
    {
        var found = new List<InspectedResource>();
        var topics = await moto.QueryAsync("sns", "ListTopics", cancellationToken: ct).ConfigureAwait(false);
        foreach (var arn in topics.Named("TopicArn").Select(e => e.Value).ToList())
        {
            var tagDoc = await UnlessGoneAsync(() => moto.QueryAsync("sns", "ListTagsForResource", [new("ResourceArn", arn)], ct)).ConfigureAwait(false);
            var tags = QueryTags(tagDoc?.Named("Tags").FirstOrDefault());
            if (Belongs(tags, env))
            {
                found.Add(new("sns", InspectedTypes.Topic, arn, arn[(arn.LastIndexOf(':') + 1)..], tags));
            }
        }
        return found;
    }

    private async Task<List<InspectedResource>> LogsAsync(string env, CancellationToken ct)
    {
        var found = new List<InspectedResource>();
        var groups = await moto.JsonAsync("logs", "DescribeLogGroups", cancellationToken: ct).ConfigureAwait(false);
        foreach (var group in (groups["logGroups"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = group["logGroupName"]?.GetValue<string>();
            if (name is null)
            {
                continue;
            }
            var tagDoc = await UnlessGoneAsync(() => moto.JsonAsync("logs", "ListTagsLogGroup", new JsonObject { ["logGroupName"] = name }, ct)).ConfigureAwait(false);
            var tags = (tagDoc?["tags"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);
            if (Belongs(tags, env))
            {
                found.Add(new("logs", InspectedTypes.LogGroup, group["arn"]?.GetValue<string>() ?? name, name, tags));
            }
        }
        return found;
    }

    private async Task<List<InspectedResource>> SchedulesAsync(string env, CancellationToken ct)
    {
        // Scheduler schedules carry no tags (only schedule groups do): found by the environment's name prefix.
        var prefix = ResourceNames.Prefix + env + "-";
        var found = new List<InspectedResource>();
        var schedules = await moto.RestJsonAsync("scheduler", HttpMethod.Get, "/schedules", cancellationToken: ct).ConfigureAwait(false);
        foreach (var schedule in (schedules["Schedules"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = schedule["Name"]?.GetValue<string>() ?? "";
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                found.Add(new("scheduler", InspectedTypes.Schedule, schedule["Arn"]?.GetValue<string>() ?? name, name,
                    new Dictionary<string, string>(), schedule["State"]?.GetValue<string>()));
            }
        }
        return found;
    }

    private async Task<List<InspectedResource>> CertificatesAsync(string env, CancellationToken ct)
    {
        var found = new List<InspectedResource>();
        var list = await moto.JsonAsync("acm", "ListCertificates", cancellationToken: ct).ConfigureAwait(false);
        foreach (var summary in (list["CertificateSummaryList"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var arn = summary["CertificateArn"]?.GetValue<string>();
            if (arn is null)
            {
                continue;
            }
            var tagDoc = await UnlessGoneAsync(() => moto.JsonAsync("acm", "ListTagsForCertificate", new JsonObject { ["CertificateArn"] = arn }, ct)).ConfigureAwait(false);
            if (tagDoc is null)
            {
                continue;
            }
            var tags = (tagDoc["Tags"] as JsonArray ?? []).OfType<JsonObject>()
                .GroupBy(t => t["Key"]?.GetValue<string>() ?? "", StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last()["Value"]?.GetValue<string>() ?? "", StringComparer.Ordinal);
            if (Belongs(tags, env))
            {
                found.Add(new("acm", InspectedTypes.Certificate, arn, summary["DomainName"]?.GetValue<string>(), tags, summary["Status"]?.GetValue<string>()));
            }
        }
        return found;
    }
}
