namespace Provisioner.Aws.AutoScaling;

/// <summary>
/// EC2 Auto Scaling, AWS Query protocol, API 2011-01-01. Only what Provisioner uses.
/// Errors: <see cref="AwsServiceException"/>.
/// </summary>
/// <remarks>
/// Not found: Auto Scaling has no not-found code. Update/Delete of a missing group answer
/// <c>ValidationError</c> ("AutoScalingGroup name not found - ..."), which
/// <see cref="AwsServiceException.IsNotFound"/> recognises; DescribeAutoScalingGroups simply omits it.
/// Idempotency: CreateAutoScalingGroup with an existing name fails with <c>AlreadyExists</c>
/// (moto silently replaces; LocalCloud restores the AWS behaviour). PutScalingPolicy is an upsert by
/// (group, policy name). DeleteAutoScalingGroup with ForceDelete terminates the instances; the group stays
/// visible with Status <c>Delete in progress</c> until they are gone; <c>ResourceInUse</c> /
/// <c>ScalingActivityInProgress</c> mean "try again later".
/// </remarks>
public interface IAutoScalingClient
{
    Task CreateAutoScalingGroupAsync(CreateAutoScalingGroupRequest request, CancellationToken cancellationToken = default);

    Task UpdateAutoScalingGroupAsync(UpdateAutoScalingGroupRequest request, CancellationToken cancellationToken = default);

    Task DeleteAutoScalingGroupAsync(string autoScalingGroupName, bool forceDelete, CancellationToken cancellationToken = default);

    /// <summary>One page. Names and/or tag filters (<c>tag:key</c>, <c>tag-key</c>, <c>tag-value</c>) narrow it.</summary>
    Task<DescribeAutoScalingGroupsResponse> DescribeAutoScalingGroupsAsync(DescribeAutoScalingGroupsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a policy; returns its ARN.</summary>
    Task<string> PutScalingPolicyAsync(PutScalingPolicyRequest request, CancellationToken cancellationToken = default);

    Task<DescribePoliciesResponse> DescribePoliciesAsync(DescribePoliciesRequest request, CancellationToken cancellationToken = default);

    Task DeletePolicyAsync(string autoScalingGroupName, string policyName, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the group's notification configuration for the topic.</summary>
    Task PutNotificationConfigurationAsync(string autoScalingGroupName, string topicArn, IReadOnlyList<string> notificationTypes, CancellationToken cancellationToken = default);

    /// <summary>Most recent first; one page.</summary>
    Task<DescribeScalingActivitiesResponse> DescribeScalingActivitiesAsync(DescribeScalingActivitiesRequest request, CancellationToken cancellationToken = default);
}
