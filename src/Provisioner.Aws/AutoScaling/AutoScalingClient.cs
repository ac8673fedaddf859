using System.Xml.Linq;
using Provisioner.Aws.Protocols;

namespace Provisioner.Aws.AutoScaling;

/// <summary>Auto Scaling over AWS Query (API 2011-01-01).</summary>
internal sealed class AutoScalingClient(AwsTransport transport) : IAutoScalingClient
{
    private readonly QueryProtocol _query = new(transport, AwsService.AutoScaling, "2011-01-01");

    public async Task CreateAutoScalingGroupAsync(CreateAutoScalingGroupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("CreateAutoScalingGroup")
            .Add("AutoScalingGroupName", request.AutoScalingGroupName);
        WriteLaunchTemplate(q, request.LaunchTemplate);
        q.Add("MinSize", request.MinSize)
            .Add("MaxSize", request.MaxSize)
            .Add("DesiredCapacity", request.DesiredCapacity)
            .AddList("TargetGroupARNs", request.TargetGroupArns)
            .Add("HealthCheckType", request.HealthCheckType)
            .Add("HealthCheckGracePeriod", request.HealthCheckGracePeriod)
            .Add("VPCZoneIdentifier", string.Join(',', request.SubnetIds))
            .AddList("Tags", request.Tags, static (q, prefix, tag) => q
                .Add(prefix + ".Key", tag.Key)
                .Add(prefix + ".Value", tag.Value)
                .Add(prefix + ".PropagateAtLaunch", tag.PropagateAtLaunch))
            .Add("DefaultInstanceWarmup", request.DefaultInstanceWarmup);
        await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
    }

    public async Task UpdateAutoScalingGroupAsync(UpdateAutoScalingGroupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("UpdateAutoScalingGroup").Add("AutoScalingGroupName", request.AutoScalingGroupName);
        if (request.LaunchTemplate is { } template)
        {
            WriteLaunchTemplate(q, template);
        }
        q.Add("MinSize", request.MinSize)
            .Add("MaxSize", request.MaxSize)
            .Add("DesiredCapacity", request.DesiredCapacity)
            .Add("HealthCheckType", request.HealthCheckType)
            .Add("HealthCheckGracePeriod", request.HealthCheckGracePeriod);
        await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
    }

    public async Task DeleteAutoScalingGroupAsync(string autoScalingGroupName, bool forceDelete, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(autoScalingGroupName);
        var q = _query.NewRequest("DeleteAutoScalingGroup").Add("AutoScalingGroupName", autoScalingGroupName).Add("ForceDelete", forceDelete);
        await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DescribeAutoScalingGroupsResponse> DescribeAutoScalingGroupsAsync(DescribeAutoScalingGroupsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("DescribeAutoScalingGroups")
            .AddList("AutoScalingGroupNames", request.AutoScalingGroupNames)
            .Add("NextToken", request.NextToken)
            .Add("MaxRecords", request.MaxRecords)
            .AddList("Filters", request.Filters, static (q, prefix, filter) => q
                .Add(prefix + ".Name", filter.Name)
                .AddList(prefix + ".Values", filter.Values));
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        return new DescribeAutoScalingGroupsResponse(result.Members("AutoScalingGroups").Select(ReadGroup).ToList(), result.ChildValue("NextToken"));
    }

    public async Task<string> PutScalingPolicyAsync(PutScalingPolicyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tracking = request.TargetTrackingConfiguration;
        var q = _query.NewRequest("PutScalingPolicy")
            .Add("AutoScalingGroupName", request.AutoScalingGroupName)
            .Add("PolicyName", request.PolicyName)
            .Add("PolicyType", request.PolicyType)
            .Add("EstimatedInstanceWarmup", request.EstimatedInstanceWarmup)
            .Add("TargetTrackingConfiguration.PredefinedMetricSpecification.PredefinedMetricType", tracking.PredefinedMetricType)
            .Add("TargetTrackingConfiguration.TargetValue", tracking.TargetValue)
            .Add("TargetTrackingConfiguration.DisableScaleIn", tracking.DisableScaleIn);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        if (result.ChildValue("PolicyARN") is { Length: > 0 } arn)
        {
            return arn;
        }
        // AWS always answers PolicyARN; moto 5.2 drops it (its result key is spelled PolicyArn). The policy
        // exists either way, so read its ARN back rather than fail a call that succeeded.
        var described = await DescribePoliciesAsync(new DescribePoliciesRequest { AutoScalingGroupName = request.AutoScalingGroupName, PolicyNames = [request.PolicyName] }, cancellationToken).ConfigureAwait(false);
        return described.ScalingPolicies is [{ PolicyArn: { Length: > 0 } found }, ..]
            ? found
            : throw new FormatException("PutScalingPolicy: the answer lacks PolicyARN and the policy cannot be read back.");
    }

    public async Task<DescribePoliciesResponse> DescribePoliciesAsync(DescribePoliciesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("DescribePolicies")
            .Add("AutoScalingGroupName", request.AutoScalingGroupName)
            .AddList("PolicyNames", request.PolicyNames)
            .Add("NextToken", request.NextToken)
            .Add("MaxRecords", request.MaxRecords);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        var policies = result.Members("ScalingPolicies").Select(p =>
        {
            var tracking = p.Child("TargetTrackingConfiguration");
            return new ScalingPolicy(
                p.RequiredValue("PolicyName"),
                p.ChildValue("PolicyARN") ?? "",
                p.ChildValue("AutoScalingGroupName") ?? "",
                p.ChildValue("PolicyType"),
                tracking is null ? null : new TargetTrackingConfiguration(
                    tracking.Child("PredefinedMetricSpecification")?.ChildValue("PredefinedMetricType") ?? "",
                    tracking.ChildDouble("TargetValue") ?? 0,
                    tracking.ChildBool("DisableScaleIn")));
        }).ToList();
        return new DescribePoliciesResponse(policies, result.ChildValue("NextToken"));
    }

    public async Task DeletePolicyAsync(string autoScalingGroupName, string policyName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(policyName);
        var q = _query.NewRequest("DeletePolicy").Add("AutoScalingGroupName", autoScalingGroupName).Add("PolicyName", policyName);
        await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
    }

    public async Task PutNotificationConfigurationAsync(string autoScalingGroupName, string topicArn, IReadOnlyList<string> notificationTypes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(autoScalingGroupName);
        ArgumentException.ThrowIfNullOrEmpty(topicArn);
        ArgumentNullException.ThrowIfNull(notificationTypes);
        var q = _query.NewRequest("PutNotificationConfiguration")
            .Add("AutoScalingGroupName", autoScalingGroupName)
            .Add("TopicARN", topicArn)
            .AddList("NotificationTypes", notificationTypes);
        await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DescribeScalingActivitiesResponse> DescribeScalingActivitiesAsync(DescribeScalingActivitiesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = _query.NewRequest("DescribeScalingActivities")
            .Add("AutoScalingGroupName", request.AutoScalingGroupName)
            .Add("MaxRecords", request.MaxRecords)
            .Add("NextToken", request.NextToken);
        var result = await _query.CallAsync(q, cancellationToken).ConfigureAwait(false);
        var activities = result.Members("Activities").Select(a => new ScalingActivity(
            a.RequiredValue("ActivityId"),
            a.ChildValue("AutoScalingGroupName") ?? request.AutoScalingGroupName,
            a.ChildValue("Description"),
            a.ChildValue("Cause"),
            a.ChildValue("StatusCode") ?? "",
            a.ChildValue("StatusMessage"),
            a.ChildInt("Progress"),
            a.ChildTimestamp("StartTime"),
            a.ChildTimestamp("EndTime"))).ToList();
        return new DescribeScalingActivitiesResponse(activities, result.ChildValue("NextToken"));
    }

    private static void WriteLaunchTemplate(QueryRequest q, LaunchTemplateSpecification template) => q
        .Add("LaunchTemplate.LaunchTemplateId", template.LaunchTemplateId)
        .Add("LaunchTemplate.LaunchTemplateName", template.LaunchTemplateName)
        .Add("LaunchTemplate.Version", template.Version);

    private static AutoScalingGroup ReadGroup(XElement g)
    {
        var template = g.Child("LaunchTemplate") is { } lt
            ? new LaunchTemplateSpecification(lt.ChildValue("LaunchTemplateId"), lt.ChildValue("LaunchTemplateName"), lt.ChildValue("Version"))
            : null;
        return new AutoScalingGroup(
            g.RequiredValue("AutoScalingGroupName"),
            g.ChildValue("AutoScalingGroupARN"),
            g.ChildInt("MinSize") ?? 0,
            g.ChildInt("MaxSize") ?? 0,
            g.ChildInt("DesiredCapacity") ?? 0,
            g.ChildValue("Status"),
            g.ChildTimestamp("CreatedTime"),
            template,
            g.MemberValues("TargetGroupARNs"),
            g.ChildValue("HealthCheckType"),
            g.Members("Instances").Select(i => new AutoScalingInstance(
                i.RequiredValue("InstanceId"),
                i.ChildValue("LifecycleState") ?? "",
                i.ChildValue("HealthStatus") ?? "",
                i.ChildValue("AvailabilityZone"))).ToList(),
            g.Members("Tags").Select(t => new AutoScalingTag(
                t.ChildValue("Key") ?? "",
                t.ChildValue("Value") ?? "",
                t.ChildBool("PropagateAtLaunch") ?? false)).ToList());
    }
}
