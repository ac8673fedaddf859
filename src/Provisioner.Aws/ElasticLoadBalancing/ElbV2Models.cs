namespace Provisioner.Aws.ElasticLoadBalancing;

/// <summary>Target group attribute keys Provisioner sets.</summary>
public static class TargetGroupAttributeKeys
{
    public const string StickinessEnabled = "stickiness.enabled";
    public const string StickinessType = "stickiness.type";
    public const string StickinessCookieDurationSeconds = "stickiness.lb_cookie.duration_seconds";
    public const string DeregistrationDelaySeconds = "deregistration_delay.timeout_seconds";
}

public sealed record CreateTargetGroupRequest
{
    public required string Name { get; init; }
    /// <summary><c>HTTP</c> | <c>HTTPS</c>.</summary>
    public string Protocol { get; init; } = "HTTP";
    public required int Port { get; init; }
    public required string VpcId { get; init; }
    /// <summary><c>instance</c> | <c>ip</c> | <c>lambda</c> | <c>alb</c>.</summary>
    public string TargetType { get; init; } = "instance";
    public string? HealthCheckProtocol { get; init; }
    public string? HealthCheckPath { get; init; }
    public int? HealthCheckIntervalSeconds { get; init; }
    public int? HealthCheckTimeoutSeconds { get; init; }
    public int? HealthyThresholdCount { get; init; }
    public int? UnhealthyThresholdCount { get; init; }
    /// <summary>Matcher.HttpCode, e.g. <c>200</c> or <c>200-299</c>.</summary>
    public string? MatcherHttpCode { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record TargetGroup(
    string TargetGroupArn,
    string TargetGroupName,
    string? Protocol,
    int? Port,
    string? VpcId,
    string? TargetType,
    string? HealthCheckPath,
    IReadOnlyList<string> LoadBalancerArns);

public sealed record DescribeTargetGroupsRequest
{
    public IReadOnlyList<string>? Names { get; init; }
    public IReadOnlyList<string>? TargetGroupArns { get; init; }
    public string? LoadBalancerArn { get; init; }
    public string? Marker { get; init; }
    public int? PageSize { get; init; }
}

public sealed record DescribeTargetGroupsResponse(IReadOnlyList<TargetGroup> TargetGroups, string? NextMarker);

/// <summary>State: <c>initial</c> | <c>healthy</c> | <c>unhealthy</c> | <c>unused</c> | <c>draining</c> | <c>unavailable</c>.</summary>
public sealed record TargetHealthDescription(string TargetId, int? Port, string State, string? Reason, string? Description);

public sealed record CreateLoadBalancerRequest
{
    public required string Name { get; init; }
    public required IReadOnlyList<string> Subnets { get; init; }
    public IReadOnlyList<string>? SecurityGroups { get; init; }
    /// <summary><c>internet-facing</c> | <c>internal</c>.</summary>
    public string Scheme { get; init; } = "internet-facing";
    /// <summary><c>application</c> | <c>network</c> | <c>gateway</c>.</summary>
    public string Type { get; init; } = "application";
    /// <summary><c>ipv4</c> | <c>dualstack</c>; null leaves the AWS default.</summary>
    public string? IpAddressType { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

/// <summary>State code: <c>provisioning</c> | <c>active</c> | <c>active_impaired</c> | <c>failed</c>.</summary>
public sealed record LoadBalancer(
    string LoadBalancerArn,
    string LoadBalancerName,
    string DnsName,
    string? CanonicalHostedZoneId,
    string? Scheme,
    string? Type,
    string? VpcId,
    string StateCode,
    string? StateReason,
    DateTimeOffset? CreatedTime,
    IReadOnlyList<string> SecurityGroups,
    IReadOnlyList<string> SubnetIds);

public sealed record DescribeLoadBalancersRequest
{
    public IReadOnlyList<string>? Names { get; init; }
    public IReadOnlyList<string>? LoadBalancerArns { get; init; }
    public string? Marker { get; init; }
    public int? PageSize { get; init; }
}

public sealed record DescribeLoadBalancersResponse(IReadOnlyList<LoadBalancer> LoadBalancers, string? NextMarker);

/// <summary>A redirect action's settings; null parts keep the request's own (<c>#{protocol}</c> etc.).</summary>
public sealed record RedirectConfig(string StatusCode, string? Protocol = null, string? Port = null, string? Host = null, string? Path = null, string? Query = null);

/// <summary>
/// A fixed-response action's answer: <paramref name="StatusCode"/> 2XX, 4XX or 5XX; <paramref name="ContentType"/>
/// <c>text/plain</c>, <c>text/css</c>, <c>text/html</c>, <c>application/javascript</c> or <c>application/json</c>;
/// <paramref name="MessageBody"/> at most 1024 characters.
/// </summary>
public sealed record FixedResponseConfig(string StatusCode, string? ContentType = null, string? MessageBody = null);

/// <summary>A listener or rule action: <c>forward</c> (TargetGroupArn), <c>redirect</c> (Redirect) or <c>fixed-response</c> (FixedResponse).</summary>
public sealed record ListenerAction(string Type, string? TargetGroupArn = null, RedirectConfig? Redirect = null, FixedResponseConfig? FixedResponse = null)
{
    public static ListenerAction Forward(string targetGroupArn) => new("forward", TargetGroupArn: targetGroupArn);

    public static ListenerAction RedirectTo(RedirectConfig redirect) => new("redirect", Redirect: redirect);

    public static ListenerAction Respond(FixedResponseConfig response) => new("fixed-response", FixedResponse: response);
}

/// <summary>A rule condition; only <c>path-pattern</c> (its <c>PathPatternConfig.Values</c>) is used here.</summary>
public sealed record RuleCondition(string Field, IReadOnlyList<string> Values)
{
    /// <summary>Matches requests whose path matches one of the patterns (<c>*</c> and <c>?</c>, case sensitive; at most 128 characters each).</summary>
    public static RuleCondition PathPattern(params IReadOnlyList<string> patterns) => new("path-pattern", patterns);
}

public sealed record CreateRuleRequest
{
    public required string ListenerArn { get; init; }
    /// <summary>1 to 50000, unique per listener (<c>PriorityInUse</c> otherwise); lower is evaluated first.</summary>
    public required int Priority { get; init; }
    public required IReadOnlyList<RuleCondition> Conditions { get; init; }
    public required IReadOnlyList<ListenerAction> Actions { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

/// <summary>A listener rule; <paramref name="Priority"/> is <c>default</c> for the listener's own default rule.</summary>
public sealed record ListenerRule(
    string RuleArn,
    string Priority,
    bool IsDefault,
    IReadOnlyList<RuleCondition> Conditions,
    IReadOnlyList<ListenerAction> Actions);

public sealed record DescribeRulesRequest
{
    public string? ListenerArn { get; init; }
    public IReadOnlyList<string>? RuleArns { get; init; }
    public string? Marker { get; init; }
    public int? PageSize { get; init; }
}

public sealed record DescribeRulesResponse(IReadOnlyList<ListenerRule> Rules, string? NextMarker);

public sealed record CreateListenerRequest
{
    public required string LoadBalancerArn { get; init; }
    /// <summary><c>HTTP</c> | <c>HTTPS</c>.</summary>
    public required string Protocol { get; init; }
    public required int Port { get; init; }
    public required IReadOnlyList<ListenerAction> DefaultActions { get; init; }
    /// <summary>Certificate ARNs (HTTPS: exactly one default certificate).</summary>
    public IReadOnlyList<string>? CertificateArns { get; init; }
    public string? SslPolicy { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record Listener(
    string ListenerArn,
    string LoadBalancerArn,
    int Port,
    string Protocol,
    string? SslPolicy,
    IReadOnlyList<string> CertificateArns,
    IReadOnlyList<ListenerAction> DefaultActions);

public sealed record DescribeListenersRequest
{
    public string? LoadBalancerArn { get; init; }
    public IReadOnlyList<string>? ListenerArns { get; init; }
    public string? Marker { get; init; }
    public int? PageSize { get; init; }
}

public sealed record DescribeListenersResponse(IReadOnlyList<Listener> Listeners, string? NextMarker);

/// <summary>Null members are left unchanged.</summary>
public sealed record ModifyListenerRequest
{
    public required string ListenerArn { get; init; }
    public int? Port { get; init; }
    public string? Protocol { get; init; }
    public IReadOnlyList<ListenerAction>? DefaultActions { get; init; }
    public IReadOnlyList<string>? CertificateArns { get; init; }
    public string? SslPolicy { get; init; }
}
