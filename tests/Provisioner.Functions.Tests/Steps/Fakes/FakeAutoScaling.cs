using Provisioner.Aws.AutoScaling;

namespace Provisioner.Functions.Tests.Steps.Fakes;

/// <summary>Auto Scaling in memory: AlreadyExists on a second create, deletion that can be made to take a while.</summary>
public sealed class FakeAutoScaling(FakeAws aws) : FakeService(aws, "autoscaling"), IAutoScalingClient
{
    public Dictionary<string, AutoScalingGroup> Groups { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, CreateAutoScalingGroupRequest> Requests { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, PutScalingPolicyRequest> Policies { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, (string TopicArn, IReadOnlyList<string> Types)> Notifications { get; } = new(StringComparer.Ordinal);
    public List<ScalingActivity> Activities { get; } = [];

    /// <summary>When true, a deleted group stays visible as "Delete in progress" (AWS, while instances terminate).</summary>
    public bool SlowDelete { get; set; }

    public Task CreateAutoScalingGroupAsync(CreateAutoScalingGroupRequest request, CancellationToken cancellationToken = default) =>
        Do("CreateAutoScalingGroup", request.AutoScalingGroupName, () =>
        {
            if (Groups.ContainsKey(request.AutoScalingGroupName))
            {
                throw Error("CreateAutoScalingGroup", "AlreadyExists", $"AutoScalingGroup by this name already exists - A group with the name {request.AutoScalingGroupName} already exists");
            }
            Requests[request.AutoScalingGroupName] = request;
            Groups[request.AutoScalingGroupName] = new AutoScalingGroup(request.AutoScalingGroupName, null, request.MinSize, request.MaxSize, request.DesiredCapacity ?? request.MinSize,
                null, null, request.LaunchTemplate, request.TargetGroupArns ?? [], request.HealthCheckType, [], request.Tags ?? []);
        });

    public Task UpdateAutoScalingGroupAsync(UpdateAutoScalingGroupRequest request, CancellationToken cancellationToken = default) =>
        Do("UpdateAutoScalingGroup", request.AutoScalingGroupName, () =>
        {
            if (!Groups.TryGetValue(request.AutoScalingGroupName, out var group))
            {
                return;
            }
            var min = request.MinSize ?? group.MinSize;
            var max = request.MaxSize ?? group.MaxSize;
            var desired = request.DesiredCapacity ?? Math.Clamp(group.DesiredCapacity, min, max);
            if (desired < min || desired > max)
            {
                // AWS checks the resulting sizes, not each field alone.
                throw Error("UpdateAutoScalingGroup", "ValidationError", $"Desired capacity:{desired} must be between the specified min size:{min} and max size:{max}");
            }
            Groups[request.AutoScalingGroupName] = group with { MinSize = min, MaxSize = max, DesiredCapacity = desired };
        });

    public Task DeleteAutoScalingGroupAsync(string autoScalingGroupName, bool forceDelete, CancellationToken cancellationToken = default) =>
        Do("DeleteAutoScalingGroup", $"{autoScalingGroupName} force={forceDelete}", () =>
        {
            if (!Groups.TryGetValue(autoScalingGroupName, out var group))
            {
                throw Error("DeleteAutoScalingGroup", "ValidationError", $"AutoScalingGroup name not found - AutoScalingGroup '{autoScalingGroupName}' not found");
            }
            Policies.Remove(autoScalingGroupName);
            Notifications.Remove(autoScalingGroupName);
            if (SlowDelete)
            {
                Groups[autoScalingGroupName] = group with { Status = "Delete in progress" };
            }
            else
            {
                Groups.Remove(autoScalingGroupName);
            }
        });

    /// <summary>Finishes a slow deletion (the instances have terminated).</summary>
    public void FinishDeletes()
    {
        foreach (var name in Groups.Where(g => g.Value.Status == "Delete in progress").Select(g => g.Key).ToList())
        {
            Groups.Remove(name);
        }
    }

    public Task<DescribeAutoScalingGroupsResponse> DescribeAutoScalingGroupsAsync(DescribeAutoScalingGroupsRequest request, CancellationToken cancellationToken = default) =>
        Do("DescribeAutoScalingGroups", string.Join(",", request.AutoScalingGroupNames ?? []), () => new DescribeAutoScalingGroupsResponse(
            Groups.Values.Where(g => request.AutoScalingGroupNames is null || request.AutoScalingGroupNames.Contains(g.AutoScalingGroupName)).ToList(), null));

    public Task<string> PutScalingPolicyAsync(PutScalingPolicyRequest request, CancellationToken cancellationToken = default) =>
        Do("PutScalingPolicy", request.PolicyName, () =>
        {
            if (!Groups.ContainsKey(request.AutoScalingGroupName))
            {
                throw Error("PutScalingPolicy", "ValidationError", "AutoScalingGroup name not found");
            }
            Policies[request.AutoScalingGroupName] = request;
            return $"arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:0000:autoScalingGroupName/{request.AutoScalingGroupName}:policyName/{request.PolicyName}";
        });

    public Task<DescribePoliciesResponse> DescribePoliciesAsync(DescribePoliciesRequest request, CancellationToken cancellationToken = default) =>
        Do("DescribePolicies", "", () => new DescribePoliciesResponse([], null));

    public Task DeletePolicyAsync(string autoScalingGroupName, string policyName, CancellationToken cancellationToken = default) =>
        Do("DeletePolicy", policyName, () => { Policies.Remove(autoScalingGroupName); });

    public Task PutNotificationConfigurationAsync(string autoScalingGroupName, string topicArn, IReadOnlyList<string> notificationTypes, CancellationToken cancellationToken = default) =>
        Do("PutNotificationConfiguration", autoScalingGroupName, () => { Notifications[autoScalingGroupName] = (topicArn, notificationTypes); });

    public Task<DescribeScalingActivitiesResponse> DescribeScalingActivitiesAsync(DescribeScalingActivitiesRequest request, CancellationToken cancellationToken = default) =>
        Do("DescribeScalingActivities", request.AutoScalingGroupName, () => new DescribeScalingActivitiesResponse(
            Activities.Where(a => a.AutoScalingGroupName == request.AutoScalingGroupName).Take(request.MaxRecords ?? 100).ToList(), null));
}
