using System.Xml.Linq;
using Provisioner.Aws.Protocols;

namespace Provisioner.Aws.ElasticLoadBalancing;

/// <summary>ELBv2 over AWS Query (API 2015-12-01).</summary>
internal sealed class ElbV2Client(AwsTransport transport) : IElbV2Client
{
    private readonly QueryProtocol _query = new(transport, AwsService.ElasticLoadBalancingV2, "2015-12-01");

    public async Task<TargetGroup> CreateTargetGroupAsync(CreateTargetGroupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("CreateTargetGroup")
            .Add("Name", request.Name)
            .Add("Protocol", request.Protocol)
            .Add("Port", request.Port)
            .Add("VpcId", request.VpcId)
            .Add("HealthCheckProtocol", request.HealthCheckProtocol)
            .Add("HealthCheckPath", request.HealthCheckPath)
            .Add("HealthCheckIntervalSeconds", request.HealthCheckIntervalSeconds)
            .Add("HealthCheckTimeoutSeconds", request.HealthCheckTimeoutSeconds)
            .Add("HealthyThresholdCount", request.HealthyThresholdCount)
            .Add("UnhealthyThresholdCount", request.UnhealthyThresholdCount)
            .Add("Matcher.HttpCode", request.MatcherHttpCode)
            .Add("TargetType", request.TargetType)
            .AddKeyValueList("Tags", request.Tags);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        return result.Members("TargetGroups").Select(ReadTargetGroup).FirstOrDefault()
            ?? throw new FormatException("CreateTargetGroup: the answer holds no target group.");
    }

    public async Task DeleteTargetGroupAsync(string targetGroupArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetGroupArn);
        await _query.CallAsync(_query.NewRequest("DeleteTargetGroup").Add("TargetGroupArn", targetGroupArn), cancellationToken).ConfigureAwait(false);
    }

    public async Task<DescribeTargetGroupsResponse> DescribeTargetGroupsAsync(DescribeTargetGroupsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("DescribeTargetGroups")
            .Add("LoadBalancerArn", request.LoadBalancerArn)
            .AddList("TargetGroupArns", request.TargetGroupArns)
            .AddList("Names", request.Names)
            .Add("Marker", request.Marker)
            .Add("PageSize", request.PageSize);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        return new DescribeTargetGroupsResponse(result.Members("TargetGroups").Select(ReadTargetGroup).ToList(), result.ChildValue("NextMarker"));
    }

    public async Task<IReadOnlyDictionary<string, string>> ModifyTargetGroupAttributesAsync(string targetGroupArn, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetGroupArn);
        ArgumentNullException.ThrowIfNull(attributes);
        var q = _query.NewRequest("ModifyTargetGroupAttributes")
            .Add("TargetGroupArn", targetGroupArn)
            .AddKeyValueList("Attributes", attributes);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        return result.KeyValueMembers("Attributes");
    }

    public async Task<IReadOnlyDictionary<string, string>> DescribeTargetGroupAttributesAsync(string targetGroupArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetGroupArn);
        var result = await _query.CallAsync(_query.NewRequest("DescribeTargetGroupAttributes").Add("TargetGroupArn", targetGroupArn), cancellationToken).ConfigureAwait(false);
        return result.KeyValueMembers("Attributes");
    }

    public async Task<IReadOnlyList<TargetHealthDescription>> DescribeTargetHealthAsync(string targetGroupArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetGroupArn);
        var result = await _query.CallAsync(_query.NewRequest("DescribeTargetHealth").Add("TargetGroupArn", targetGroupArn), cancellationToken).ConfigureAwait(false);
        return result.Members("TargetHealthDescriptions").Select(d =>
        {
            var target = d.Child("Target");
            var health = d.Child("TargetHealth");
            return new TargetHealthDescription(
                target?.ChildValue("Id") ?? "",
                target?.ChildInt("Port"),
                health?.ChildValue("State") ?? "unavailable",
                health?.ChildValue("Reason"),
                health?.ChildValue("Description"));
        }).ToList();
    }

    public async Task<LoadBalancer> CreateLoadBalancerAsync(CreateLoadBalancerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("CreateLoadBalancer")
            .Add("Name", request.Name)
            .AddList("Subnets", request.Subnets)
            .AddList("SecurityGroups", request.SecurityGroups)
            .Add("Scheme", request.Scheme)
            .AddKeyValueList("Tags", request.Tags)
            .Add("Type", request.Type)
            .Add("IpAddressType", request.IpAddressType);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        return result.Members("LoadBalancers").Select(ReadLoadBalancer).FirstOrDefault()
            ?? throw new FormatException("CreateLoadBalancer: the answer holds no load balancer.");
    }

    public async Task DeleteLoadBalancerAsync(string loadBalancerArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(loadBalancerArn);
        await _query.CallAsync(_query.NewRequest("DeleteLoadBalancer").Add("LoadBalancerArn", loadBalancerArn), cancellationToken).ConfigureAwait(false);
    }

    public async Task<DescribeLoadBalancersResponse> DescribeLoadBalancersAsync(DescribeLoadBalancersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("DescribeLoadBalancers")
            .AddList("LoadBalancerArns", request.LoadBalancerArns)
            .AddList("Names", request.Names)
            .Add("Marker", request.Marker)
            .Add("PageSize", request.PageSize);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        return new DescribeLoadBalancersResponse(result.Members("LoadBalancers").Select(ReadLoadBalancer).ToList(), result.ChildValue("NextMarker"));
    }

    public async Task<Listener> CreateListenerAsync(CreateListenerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("CreateListener")
            .Add("LoadBalancerArn", request.LoadBalancerArn)
            .Add("Protocol", request.Protocol)
            .Add("Port", request.Port)
            .Add("SslPolicy", request.SslPolicy)
            .AddList("Certificates", request.CertificateArns, static (q, prefix, arn) => q.Add(prefix + ".CertificateArn", arn))
            .AddList("DefaultActions", request.DefaultActions, WriteAction)
            .AddKeyValueList("Tags", request.Tags);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        return result.Members("Listeners").Select(ReadListener).FirstOrDefault()
            ?? throw new FormatException("CreateListener: the answer holds no listener.");
    }

    public async Task DeleteListenerAsync(string listenerArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(listenerArn);
        await _query.CallAsync(_query.NewRequest("DeleteListener").Add("ListenerArn", listenerArn), cancellationToken).ConfigureAwait(false);
    }

    public async Task<DescribeListenersResponse> DescribeListenersAsync(DescribeListenersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("DescribeListeners")
            .Add("LoadBalancerArn", request.LoadBalancerArn)
            .AddList("ListenerArns", request.ListenerArns)
            .Add("Marker", request.Marker)
            .Add("PageSize", request.PageSize);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        return new DescribeListenersResponse(result.Members("Listeners").Select(ReadListener).ToList(), result.ChildValue("NextMarker"));
    }

    public async Task<Listener> ModifyListenerAsync(ModifyListenerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("ModifyListener")
            .Add("ListenerArn", request.ListenerArn)
            .Add("Port", request.Port)
            .Add("Protocol", request.Protocol)
            .Add("SslPolicy", request.SslPolicy)
            .AddList("Certificates", request.CertificateArns, static (q, prefix, arn) => q.Add(prefix + ".CertificateArn", arn))
            .AddList("DefaultActions", request.DefaultActions, WriteAction);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        return result.Members("Listeners").Select(ReadListener).FirstOrDefault()
            ?? throw new FormatException("ModifyListener: the answer holds no listener.");
    }

    public async Task<ListenerRule> CreateRuleAsync(CreateRuleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("CreateRule")
            .Add("ListenerArn", request.ListenerArn)
            .Add("Priority", request.Priority)
            .AddList("Conditions", request.Conditions, WriteCondition)
            .AddList("Actions", request.Actions, WriteAction)
            .AddKeyValueList("Tags", request.Tags);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        return result.Members("Rules").Select(ReadRule).FirstOrDefault()
            ?? throw new FormatException("CreateRule: the answer holds no rule.");
    }

    public async Task<DescribeRulesResponse> DescribeRulesAsync(DescribeRulesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("DescribeRules")
            .Add("ListenerArn", request.ListenerArn)
            .AddList("RuleArns", request.RuleArns)
            .Add("Marker", request.Marker)
            .Add("PageSize", request.PageSize);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        return new DescribeRulesResponse(result.Members("Rules").Select(ReadRule).ToList(), result.ChildValue("NextMarker"));
    }

    public async Task DeleteRuleAsync(string ruleArn, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ruleArn);
        await _query.CallAsync(_query.NewRequest("DeleteRule").Add("RuleArn", ruleArn), cancellationToken).ConfigureAwait(false);
    }

    public async Task AddTagsAsync(IReadOnlyList<string> resourceArns, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resourceArns);
        ArgumentNullException.ThrowIfNull(tags);
        var q = _query.NewRequest("AddTags").AddList("ResourceArns", resourceArns).AddKeyValueList("Tags", tags);
        await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> DescribeTagsAsync(IReadOnlyList<string> resourceArns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resourceArns);
        var result = await _query.CallAsync(_query.NewRequest("DescribeTags").AddList("ResourceArns", resourceArns), cancellationToken).ConfigureAwait(false);
        var tags = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var description in result.Members("TagDescriptions"))
        {
            if (description.ChildValue("ResourceArn") is { } arn)
            {
                tags[arn] = description.KeyValueMembers("Tags");
            }
        }
        return tags;
    }

    private static void WriteAction(QueryRequest q, string prefix, ListenerAction action)
    {
        q.Add(prefix + ".Type", action.Type);
        q.Add(prefix + ".TargetGroupArn", action.TargetGroupArn);
        if (action.Redirect is { } r)
        {
            q.Add(prefix + ".RedirectConfig.Protocol", r.Protocol)
                .Add(prefix + ".RedirectConfig.Port", r.Port)
                .Add(prefix + ".RedirectConfig.Host", r.Host)
                .Add(prefix + ".RedirectConfig.Path", r.Path)
                .Add(prefix + ".RedirectConfig.Query", r.Query)
                .Add(prefix + ".RedirectConfig.StatusCode", r.StatusCode);
        }
        if (action.FixedResponse is { } f)
        {
            q.Add(prefix + ".FixedResponseConfig.MessageBody", f.MessageBody)
                .Add(prefix + ".FixedResponseConfig.StatusCode", f.StatusCode)
                .Add(prefix + ".FixedResponseConfig.ContentType", f.ContentType);
        }
    }

    private static void WriteCondition(QueryRequest q, string prefix, RuleCondition condition)
    {
        q.Add(prefix + ".Field", condition.Field);
        if (condition.Field == "path-pattern")
        {
            q.AddList(prefix + ".PathPatternConfig.Values", condition.Values);
        }
        else
        {
            q.AddList(prefix + ".Values", condition.Values);
        }
    }

    private static TargetGroup ReadTargetGroup(XElement e) => new(
        e.RequiredValue("TargetGroupArn"),
        e.RequiredValue("TargetGroupName"),
        e.ChildValue("Protocol"),
        e.ChildInt("Port"),
        e.ChildValue("VpcId"),
        e.ChildValue("TargetType"),
        e.ChildValue("HealthCheckPath"),
        e.MemberValues("LoadBalancerArns"));

    private static LoadBalancer ReadLoadBalancer(XElement e) => new(
        e.RequiredValue("LoadBalancerArn"),
        e.RequiredValue("LoadBalancerName"),
        e.ChildValue("DNSName") ?? "",
        e.ChildValue("CanonicalHostedZoneId"),
        e.ChildValue("Scheme"),
        e.ChildValue("Type"),
        e.ChildValue("VpcId"),
        e.Child("State")?.ChildValue("Code") ?? "provisioning",
        e.Child("State")?.ChildValue("Reason"),
        e.ChildTimestamp("CreatedTime"),
        e.MemberValues("SecurityGroups"),
        e.Members("AvailabilityZones").Select(z => z.ChildValue("SubnetId")).OfType<string>().ToList());

    private static Listener ReadListener(XElement e) => new(
        e.RequiredValue("ListenerArn"),
        e.ChildValue("LoadBalancerArn") ?? "",
        e.ChildInt("Port") ?? 0,
        e.ChildValue("Protocol") ?? "",
        e.ChildValue("SslPolicy"),
        e.Members("Certificates").Select(c => c.ChildValue("CertificateArn")).OfType<string>().ToList(),
        e.Members("DefaultActions").Select(ReadAction).ToList());

    private static ListenerAction ReadAction(XElement e)
    {
        var redirect = e.Child("RedirectConfig") is { } r
            ? new RedirectConfig(r.ChildValue("StatusCode") ?? "HTTP_301", r.ChildValue("Protocol"), r.ChildValue("Port"), r.ChildValue("Host"), r.ChildValue("Path"), r.ChildValue("Query"))
            : null;
        var fixedResponse = e.Child("FixedResponseConfig") is { } f
            ? new FixedResponseConfig(f.ChildValue("StatusCode") ?? "", f.ChildValue("ContentType"), f.ChildValue("MessageBody"))
            : null;
        return new ListenerAction(e.ChildValue("Type") ?? "", e.ChildValue("TargetGroupArn"), redirect, fixedResponse);
    }

    private static ListenerRule ReadRule(XElement e) => new(
        e.RequiredValue("RuleArn"),
        e.ChildValue("Priority") ?? "",
        string.Equals(e.ChildValue("IsDefault"), "true", StringComparison.Ordinal),
        e.Members("Conditions").Select(ReadCondition).ToList(),
        e.Members("Actions").Select(ReadAction).ToList());

    /// <summary>A condition's values: its <c>PathPatternConfig</c> (or other config) values, else the legacy <c>Values</c>.</summary>
    private static RuleCondition ReadCondition(XElement e)
    {
        var field = e.ChildValue("Field") ?? "";
        var values = e.Child("PathPatternConfig") is { } config ? config.MemberValues("Values") : e.MemberValues("Values");
        return new RuleCondition(field, values);
    }
}
