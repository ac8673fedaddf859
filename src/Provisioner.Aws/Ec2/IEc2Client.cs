namespace Provisioner.Aws.Ec2;

/// <summary>
/// The EC2 operations Provisioner uses, as a narrow port over the official <c>AmazonEC2Client</c>
/// (the adapter, <see cref="Ec2Client"/>, is the one place that knows the SDK's types).
/// Errors: <see cref="AwsServiceException"/> (service <c>ec2</c>), whatever the SDK threw.
/// Describe* follow every page and return the whole result.
/// </summary>
/// <remarks>
/// Not found: describing or deleting by an unknown id answers <c>InvalidAMIID.NotFound</c>,
/// <c>InvalidSnapshot.NotFound</c>, <c>InvalidGroup.NotFound</c>, <c>InvalidInstanceID.NotFound</c>,
/// <c>InvalidLaunchTemplateName.NotFoundException</c> / <c>InvalidLaunchTemplateId.NotFound</c>
/// (all recognised by <see cref="AwsServiceException.IsNotFound"/>); describing by filter just returns nothing.
/// Idempotency: AMI names are unique per account and region (<c>InvalidAMIName.Duplicate</c>), so a retried
/// CreateImage finds the first image by name. Security group names are unique per VPC
/// (<c>InvalidGroup.Duplicate</c>). An ingress rule that exists already: <c>InvalidPermission.Duplicate</c>.
/// CreateLaunchTemplate honours ClientToken (same token, same request: the same template) and names are
/// unique (<c>InvalidLaunchTemplateName.AlreadyExistsException</c>). DeleteSecurityGroup while another group
/// references it or an interface uses it: <c>DependencyViolation</c> (try again later).
/// </remarks>
public interface IEc2Client
{
    /// <summary>Starts an image of the instance; returns the AMI id (state <c>pending</c>).</summary>
    Task<string> CreateImageAsync(CreateImageRequest request, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Image>> DescribeImagesAsync(DescribeImagesRequest request, CancellationToken cancellationToken = default);

    Task DeregisterImageAsync(string imageId, CancellationToken cancellationToken = default);

    /// <summary>Snapshots owned by this account matching the filters (e.g. tags).</summary>
    Task<IReadOnlyList<Snapshot>> DescribeSnapshotsAsync(DescribeSnapshotsRequest request, CancellationToken cancellationToken = default);

    Task DeleteSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Instance>> DescribeInstancesAsync(DescribeInstancesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Returns the group id.</summary>
    Task<string> CreateSecurityGroupAsync(CreateSecurityGroupRequest request, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SecurityGroup>> DescribeSecurityGroupsAsync(DescribeSecurityGroupsRequest request, CancellationToken cancellationToken = default);

    Task AuthorizeSecurityGroupIngressAsync(string groupId, IReadOnlyList<IngressRule> rules, CancellationToken cancellationToken = default);

    Task DeleteSecurityGroupAsync(string groupId, CancellationToken cancellationToken = default);

    Task<LaunchTemplate> CreateLaunchTemplateAsync(CreateLaunchTemplateRequest request, CancellationToken cancellationToken = default);

    /// <summary>By names (unknown names: <c>InvalidLaunchTemplateName.NotFoundException</c>) or by filters.</summary>
    Task<IReadOnlyList<LaunchTemplate>> DescribeLaunchTemplatesAsync(DescribeLaunchTemplatesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Deletes by id (preferred) or by name; give exactly one.</summary>
    Task DeleteLaunchTemplateAsync(string? launchTemplateId, string? launchTemplateName, CancellationToken cancellationToken = default);

    Task CreateTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(DescribeSubnetsRequest request, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(DescribeVpcsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Launches instances (seeding the local lab); returns them as launched (<c>pending</c>).</summary>
    Task<IReadOnlyList<Instance>> RunInstancesAsync(RunInstancesRequest request, CancellationToken cancellationToken = default);
}
