using System.Net;
using System.Xml.Linq;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// AWS's default service quotas (<see cref="ServiceQuotas"/>) with AWS's error codes (botocore's service models:
/// elbv2 <c>TooManyLoadBalancers</c>, <c>TooManyTargetGroups</c>, <c>TooManyListeners</c>; autoscaling
/// <c>LimitExceeded</c>, all HTTP 400 sender faults). moto 5.2.1 has no quotas. A create is checked against the
/// count of what exists in moto at that moment; check and create are serialized per quota, so concurrent creates
/// cannot overshoot it. Quotas:
/// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
/// https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-quotas.html
/// </summary>
internal sealed class ServiceQuotaRules(RealismLayer layer) : ICallBehavior, IDisposable
{
    private readonly SemaphoreSlim _loadBalancers = new(1, 1);
    private readonly SemaphoreSlim _targetGroups = new(1, 1);
    private readonly SemaphoreSlim _listeners = new(1, 1);
    private readonly SemaphoreSlim _groups = new(1, 1);

    public Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken) => (call.Service, call.Action) switch
    {
        ("elasticloadbalancing", "CreateLoadBalancer") when (call.Param("Type") ?? "application") == "application" =>
            GuardAsync(_loadBalancers, call, next, ct => CountAsync("elasticloadbalancing", "DescribeLoadBalancers", "LoadBalancers", [new("PageSize", "400")], "Marker", "NextMarker",
                    m => (m.ChildValue("Type") ?? "application") == "application", ct),
                layer.Quotas.ApplicationLoadBalancersPerRegion, "TooManyLoadBalancers",
                "You've reached the limit on the number of load balancers for your AWS account (quota: Application Load Balancers per Region, {0}).", cancellationToken),
        ("elasticloadbalancing", "CreateTargetGroup") =>
            GuardAsync(_targetGroups, call, next, ct => CountAsync("elasticloadbalancing", "DescribeTargetGroups", "TargetGroups", [new("PageSize", "400")], "Marker", "NextMarker", null, ct),
                layer.Quotas.TargetGroupsPerRegion, "TooManyTargetGroups",
                "You've reached the limit on the number of target groups for your AWS account (quota: Target Groups per Region, {0}).", cancellationToken),
        ("elasticloadbalancing", "CreateListener") when call.Param("LoadBalancerArn") is { Length: > 0 } arn =>
            GuardAsync(_listeners, call, next, ct => CountAsync("elasticloadbalancing", "DescribeListeners", "Listeners", [new("LoadBalancerArn", arn), new("PageSize", "400")], "Marker", "NextMarker", null, ct),
                layer.Quotas.ListenersPerApplicationLoadBalancer, "TooManyListeners",
                "You've reached the limit on the number of listeners per load balancer (quota: Listeners per Application Load Balancer, {0}).", cancellationToken),
        ("autoscaling", "CreateAutoScalingGroup") =>
            GuardAsync(_groups, call, next, ct => CountAsync("autoscaling", "DescribeAutoScalingGroups", "AutoScalingGroups", [new("MaxRecords", "100")], "NextToken", "NextToken", null, ct),
                layer.Quotas.AutoScalingGroupsPerRegion, "LimitExceeded",
                "You have reached a limit for your Amazon EC2 Auto Scaling resources (quota: Auto Scaling groups per region, {0}).", cancellationToken),
        _ => next(call, cancellationToken),
    };

    private static async Task<HttpResponseMessage> GuardAsync(SemaphoreSlim gate, AwsCall call, CallHandler next, Func<CancellationToken, Task<int>> count,
        int quota, string code, string message, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var existing = await count(cancellationToken).ConfigureAwait(false);
            if (existing >= quota)
            {
                return AwsErrors.Create(call, HttpStatusCode.BadRequest, code, string.Format(System.Globalization.CultureInfo.InvariantCulture, message, quota));
            }
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<int> CountAsync(string service, string action, string listName, KeyValuePair<string, string>[] parameters, string markerParam, string markerResult,
        Func<XElement, bool>? where, CancellationToken cancellationToken)
    {
        var count = 0;
        string? marker = null;
        do
        {
            List<KeyValuePair<string, string>> form = [.. parameters];
            if (marker is not null)
            {
                form.Add(new(markerParam, marker));
            }
            XDocument page;
            try
            {
                page = await layer.Moto.QueryAsync(service, action, form, cancellationToken).ConfigureAwait(false);
            }
            catch (BackchannelException ex) when (ex.ErrorCode is "LoadBalancerNotFound")
            {
                return 0;
            }
            var members = page.Named(listName).FirstOrDefault()?.Elements() ?? [];
            count += members.Count(m => where is null || where(m));
            marker = page.Named(markerResult).FirstOrDefault()?.Value is { Length: > 0 } next ? next : null;
        }
        while (marker is not null);
        return count;
    }

    public void Dispose()
    {
        _loadBalancers.Dispose();
        _targetGroups.Dispose();
        _listeners.Dispose();
        _groups.Dispose();
    }
}
