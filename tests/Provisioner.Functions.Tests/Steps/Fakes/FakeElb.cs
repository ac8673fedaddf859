using Provisioner.Aws.ElasticLoadBalancing;

namespace Provisioner.Functions.Tests.Steps.Fakes;

/// <summary>ELBv2 in memory: names unique, duplicates answered as AWS does, tags per ARN, target groups in use by listeners.</summary>
public sealed class FakeElb(FakeAws aws, TimeProvider? time = null) : FakeService(aws, "elbv2"), IElbV2Client
{
    private const string Prefix = "arn:aws:elasticloadbalancing:us-east-1:123456789012:";
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Dictionary<string, TargetGroup> TargetGroups { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, CreateTargetGroupRequest> TargetGroupRequests { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Dictionary<string, string>> Attributes { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, LoadBalancer> LoadBalancers { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Listener> Listeners { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Dictionary<string, string>> Tags { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<TargetHealthDescription>> Health { get; } = new(StringComparer.Ordinal);
    /// <summary>The listeners' rules other than their default rule, by rule ARN, with their listener.</summary>
    public Dictionary<string, (string ListenerArn, ListenerRule Rule)> Rules { get; } = new(StringComparer.Ordinal);

    public Task<TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest request, CancellationToken cancellationToken = default) =>
        Do("CreateTargetGroup", request.Name, () =>
        {
            if (TargetGroups.Values.Any(g => g.TargetGroupName == request.Name))
            {
                throw Error("CreateTargetGroup", "DuplicateTargetGroupName", "A target group with the same name exists");
            }
            var arn = $"{Prefix}targetgroup/{request.Name}/{Aws.NewHex()}";
            var group = new TargetGroup(arn, request.Name, request.Protocol, request.Port, request.VpcId, request.TargetType, request.HealthCheckPath, []);
            TargetGroups[arn] = group;
            TargetGroupRequests[arn] = request;
            Attributes[arn] = new(StringComparer.Ordinal) { ["deregistration_delay.timeout_seconds"] = "300", ["stickiness.enabled"] = "false" };
            Tags[arn] = Copy(request.Tags);
            return group;
        });

    public Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken = default) =>
        Do("DeleteTargetGroup", targetGroupArn, () =>
        {
            if (Listeners.Values.Any(l => l.DefaultActions.Any(a => a.TargetGroupArn == targetGroupArn)))
            {
                throw Error("DeleteTargetGroup", "ResourceInUse", $"Target group '{targetGroupArn}' is currently in use by a listener or a rule");
            }
            TargetGroups.Remove(targetGroupArn);
            Tags.Remove(targetGroupArn);
        });

    public Task<DescribeTargetGroupsResponse> DescribeTargetGroupsAsync(DescribeTargetGroupsRequest request, CancellationToken cancellationToken = default) =>
        Do("DescribeTargetGroups", string.Join(",", request.Names ?? []), () =>
        {
            var found = TargetGroups.Values
                .Where(g => request.Names is null || request.Names.Contains(g.TargetGroupName))
                .Where(g => request.TargetGroupArns is null || request.TargetGroupArns.Contains(g.TargetGroupArn))
                .ToList();
            if ((request.Names is { Count: > 0 } || request.TargetGroupArns is { Count: > 0 }) && found.Count == 0)
            {
                throw Error("DescribeTargetGroups", "TargetGroupNotFound", "One or more target groups not found");
            }
            return new DescribeTargetGroupsResponse(found, null);
        });

    public Task<IReadOnlyDictionary<string, string>> ModifyTargetGroupAttributesAsync(string targetGroupArn, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyDictionary<string, string>>("ModifyTargetGroupAttributes", string.Join(",", attributes.Select(a => $"{a.Key}={a.Value}")), () =>
        {
            var current = Attributes.GetValueOrDefault(targetGroupArn) ?? throw Error("ModifyTargetGroupAttributes", "TargetGroupNotFound");
            foreach (var (key, value) in attributes)
            {
                current[key] = value;
            }
            return new Dictionary<string, string>(current);
        });

    public Task<IReadOnlyDictionary<string, string>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyDictionary<string, string>>("DescribeTargetGroupAttributes", targetGroupArn, () => new Dictionary<string, string>(Attributes[targetGroupArn]));

    public Task<IReadOnlyList<TargetHealthDescription>> DescribeTargetHealthAsync(string targetGroupArn, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyList<TargetHealthDescription>>("DescribeTargetHealth", targetGroupArn, () => Health.GetValueOrDefault(targetGroupArn) ?? []);

    public Task<LoadBalancer> CreateLoadBalancerAsync(CreateLoadBalancerRequest request, CancellationToken cancellationToken = default) =>
        Do("CreateLoadBalancer", request.Name, () =>
        {
            if (LoadBalancers.Values.Any(l => l.LoadBalancerName == request.Name))
            {
                throw Error("CreateLoadBalancer", "DuplicateLoadBalancerName", "A load balancer with the same name exists");
            }
            var arn = $"{Prefix}loadbalancer/app/{request.Name}/{Aws.NewHex()}";
            var loadBalancer = new LoadBalancer(arn, request.Name, $"{request.Name}-1234567890.us-east-1.elb.amazonaws.com", "Z35SXDOTRQ7X7K",
                request.Scheme, request.Type, "vpc-1", "provisioning", null, _time.GetUtcNow(), request.SecurityGroups ?? [], request.Subnets);
            LoadBalancers[arn] = loadBalancer;
            Tags[arn] = Copy(request.Tags);
            return loadBalancer;
        });

    public Task DeleteLoadBalancerAsync(string loadBalancerArn, CancellationToken cancellationToken = default) =>
        Do("DeleteLoadBalancer", loadBalancerArn, () =>
        {
            LoadBalancers.Remove(loadBalancerArn);
            Tags.Remove(loadBalancerArn);
            foreach (var listener in Listeners.Values.Where(l => l.LoadBalancerArn == loadBalancerArn).ToList())
            {
                Listeners.Remove(listener.ListenerArn);
                RemoveRulesOf(listener.ListenerArn);
            }
        });

    public Task<DescribeLoadBalancersResponse> DescribeLoadBalancersAsync(DescribeLoadBalancersRequest request, CancellationToken cancellationToken = default) =>
        Do("DescribeLoadBalancers", string.Join(",", request.Names ?? request.LoadBalancerArns ?? []), () =>
        {
            var found = LoadBalancers.Values
                .Where(l => request.Names is null || request.Names.Contains(l.LoadBalancerName))
                .Where(l => request.LoadBalancerArns is null || request.LoadBalancerArns.Contains(l.LoadBalancerArn))
                .ToList();
            if ((request.Names is { Count: > 0 } || request.LoadBalancerArns is { Count: > 0 }) && found.Count == 0)
            {
                throw Error("DescribeLoadBalancers", "LoadBalancerNotFound", "The specified load balancer does not exist.");
            }
            return new DescribeLoadBalancersResponse(found, null);
        });

    public Task<Listener> CreateListenerAsync(CreateListenerRequest request, CancellationToken cancellationToken = default) =>
        Do("CreateListener", $"{request.Protocol}:{request.Port}", () =>
        {
            if (!LoadBalancers.ContainsKey(request.LoadBalancerArn))
            {
                throw Error("CreateListener", "LoadBalancerNotFound");
            }
            if (Listeners.Values.Any(l => l.LoadBalancerArn == request.LoadBalancerArn && l.Port == request.Port))
            {
                throw Error("CreateListener", "DuplicateListener", "A listener already exists on this port for this load balancer");
            }
            var arn = request.LoadBalancerArn.Replace(":loadbalancer/", ":listener/", StringComparison.Ordinal) + "/" + Aws.NewHex();
            var listener = new Listener(arn, request.LoadBalancerArn, request.Port, request.Protocol, request.SslPolicy, request.CertificateArns ?? [], request.DefaultActions);
            Listeners[arn] = listener;
            Tags[arn] = Copy(request.Tags);
            return listener;
        });

    public Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken = default) =>
        Do("DeleteListener", listenerArn, () =>
        {
            if (!Listeners.Remove(listenerArn))
            {
                throw Error("DeleteListener", "ListenerNotFound");
            }
            RemoveRulesOf(listenerArn);
        });

    public Task<DescribeListenersResponse> DescribeListenersAsync(DescribeListenersRequest request, CancellationToken cancellationToken = default) =>
        Do("DescribeListeners", request.LoadBalancerArn ?? "", () =>
        {
            if (request.LoadBalancerArn is not null && !LoadBalancers.ContainsKey(request.LoadBalancerArn))
            {
                throw Error("DescribeListeners", "LoadBalancerNotFound");
            }
            return new DescribeListenersResponse(Listeners.Values.Where(l => request.LoadBalancerArn is null || l.LoadBalancerArn == request.LoadBalancerArn).OrderBy(l => l.Port).ToList(), null);
        });

    public Task<Listener> ModifyListenerAsync(ModifyListenerRequest request, CancellationToken cancellationToken = default) =>
        Do("ModifyListener", request.ListenerArn, () =>
        {
            var listener = Listeners.GetValueOrDefault(request.ListenerArn) ?? throw Error("ModifyListener", "ListenerNotFound");
            listener = listener with
            {
                DefaultActions = request.DefaultActions ?? listener.DefaultActions,
                CertificateArns = request.CertificateArns ?? listener.CertificateArns,
            };
            Listeners[request.ListenerArn] = listener;
            return listener;
        });

    public Task<ListenerRule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default) =>
        Do("CreateRule", $"{request.ListenerArn}:{request.Priority}", () =>
        {
            if (!Listeners.ContainsKey(request.ListenerArn))
            {
                throw Error("CreateRule", "ListenerNotFound");
            }
            var priority = request.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Rules.Values.Any(r => r.ListenerArn == request.ListenerArn && r.Rule.Priority == priority))
            {
                throw Error("CreateRule", "PriorityInUse", $"Priority '{priority}' is currently in use");
            }
            var arn = request.ListenerArn.Replace(":listener/", ":listener-rule/", StringComparison.Ordinal) + "/" + Aws.NewHex();
            var rule = new ListenerRule(arn, priority, false, request.Conditions, request.Actions);
            Rules[arn] = (request.ListenerArn, rule);
            Tags[arn] = Copy(request.Tags);
            return rule;
        });

    /// <summary>The listener's rules by priority, then its default rule (its default actions), as AWS lists them.</summary>
    public Task<DescribeRulesResponse> DescribeRulesAsync(DescribeRulesRequest request, CancellationToken cancellationToken = default) =>
        Do("DescribeRules", request.ListenerArn ?? "", () =>
        {
            var listener = Listeners.GetValueOrDefault(request.ListenerArn ?? "") ?? throw Error("DescribeRules", "ListenerNotFound");
            var rules = Rules.Values.Where(r => r.ListenerArn == listener.ListenerArn).Select(r => r.Rule).OrderBy(r => int.Parse(r.Priority, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            rules.Add(new ListenerRule(listener.ListenerArn.Replace(":listener/", ":listener-rule/", StringComparison.Ordinal) + "/default", "default", true, [], listener.DefaultActions));
            return new DescribeRulesResponse(rules, null);
        });

    public Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default) =>
        Do("DeleteRule", ruleArn, () =>
        {
            if (!Rules.Remove(ruleArn))
            {
                throw Error("DeleteRule", "RuleNotFound", "One or more rules not found");
            }
            Tags.Remove(ruleArn);
        });

    private void RemoveRulesOf(string listenerArn)
    {
        foreach (var arn in Rules.Where(r => r.Value.ListenerArn == listenerArn).Select(r => r.Key).ToList())
        {
            Rules.Remove(arn);
            Tags.Remove(arn);
        }
    }

    public Task AddTagsAsync(IReadOnlyList<string> resourceArns, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        Do("AddTags", string.Join(",", resourceArns), () =>
        {
            foreach (var arn in resourceArns)
            {
                foreach (var (key, value) in tags)
                {
                    Tags[arn][key] = value;
                }
            }
        });

    public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> DescribeTagsAsync(IReadOnlyList<string> resourceArns, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>>("DescribeTags", string.Join(",", resourceArns), () =>
            resourceArns.Where(Tags.ContainsKey).ToDictionary(a => a, a => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(Tags[a])));
}
