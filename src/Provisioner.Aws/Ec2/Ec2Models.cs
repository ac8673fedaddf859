namespace Provisioner.Aws.Ec2;

/// <summary>An EC2 Describe filter, e.g. <c>tag:provisioner:environment</c>, <c>vpc-id</c>, <c>group-name</c>.</summary>
public sealed record Ec2Filter(string Name, IReadOnlyList<string> Values)
{
    public static Ec2Filter Tag(string key, string value) => new("tag:" + key, [value]);

    public static Ec2Filter Of(string name, string value) => new(name, [value]);
}

public sealed record CreateImageRequest
{
    public required string InstanceId { get; init; }
    /// <summary>Unique per account and region: the idempotency key.</summary>
    public required string Name { get; init; }
    public string? Description { get; init; }
    /// <summary>True images the instance without rebooting it (file system consistency not guaranteed).</summary>
    public bool NoReboot { get; init; }
    /// <summary>Tags for the image (TagSpecification resource type <c>image</c>).</summary>
    public IReadOnlyDictionary<string, string>? ImageTags { get; init; }
    /// <summary>Tags for the snapshots it makes (resource type <c>snapshot</c>), so Undo can find them.</summary>
    public IReadOnlyDictionary<string, string>? SnapshotTags { get; init; }
}

public sealed record DescribeImagesRequest
{
    public IReadOnlyList<string>? ImageIds { get; init; }
    /// <summary>Owners, e.g. <c>self</c>; null means any image this account can launch.</summary>
    public IReadOnlyList<string>? Owners { get; init; }
    public IReadOnlyList<Ec2Filter>? Filters { get; init; }

    public static DescribeImagesRequest ById(string imageId) => new() { ImageIds = [imageId] };

    public static DescribeImagesRequest ByName(string name) => new() { Owners = ["self"], Filters = [Ec2Filter.Of("name", name)] };

    public static DescribeImagesRequest ByTag(string key, string value) => new() { Owners = ["self"], Filters = [Ec2Filter.Tag(key, value)] };
}

/// <summary>State: <c>pending</c> | <c>available</c> | <c>failed</c> | <c>deregistered</c> | ...</summary>
public sealed record Image(
    string ImageId,
    string? Name,
    string State,
    string? StateReason,
    DateTimeOffset? CreationDate,
    IReadOnlyList<string> SnapshotIds,
    IReadOnlyDictionary<string, string> Tags)
{
    /// <summary>The root device (<c>/dev/xvda</c>, <c>/dev/sda1</c>): the volume a launch template encrypts.</summary>
    public string? RootDeviceName { get; init; }

    /// <summary>The size of the root device's EBS volume, when EC2 reports it.</summary>
    public int? RootVolumeSizeGiB { get; init; }
}

public sealed record DescribeSnapshotsRequest
{
    public IReadOnlyList<string>? SnapshotIds { get; init; }
    /// <summary>Defaults to this account's own snapshots.</summary>
    public IReadOnlyList<string> OwnerIds { get; init; } = ["self"];
    public IReadOnlyList<Ec2Filter>? Filters { get; init; }
}

/// <summary>State: <c>pending</c> | <c>completed</c> | <c>error</c>; Progress like <c>45%</c>.</summary>
public sealed record Snapshot(string SnapshotId, string State, string? Progress, string? VolumeId, IReadOnlyDictionary<string, string> Tags);

public sealed record DescribeInstancesRequest
{
    public IReadOnlyList<string>? InstanceIds { get; init; }
    public IReadOnlyList<Ec2Filter>? Filters { get; init; }
}

/// <summary>State: <c>pending</c> | <c>running</c> | <c>shutting-down</c> | <c>terminated</c> | <c>stopping</c> | <c>stopped</c>.</summary>
public sealed record Instance(
    string InstanceId,
    string State,
    string? ImageId,
    string? InstanceType,
    string? SubnetId,
    string? VpcId,
    string? AvailabilityZone,
    string? PrivateIpAddress,
    DateTimeOffset? LaunchTime,
    IReadOnlyDictionary<string, string> Tags);

public sealed record CreateSecurityGroupRequest
{
    public required string GroupName { get; init; }
    public required string Description { get; init; }
    public required string VpcId { get; init; }
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

public sealed record DescribeSecurityGroupsRequest
{
    public IReadOnlyList<string>? GroupIds { get; init; }
    public IReadOnlyList<Ec2Filter>? Filters { get; init; }

    /// <summary>By name within a VPC (names are unique per VPC, not per account).</summary>
    public static DescribeSecurityGroupsRequest ByName(string vpcId, string groupName) =>
        new() { Filters = [Ec2Filter.Of("vpc-id", vpcId), Ec2Filter.Of("group-name", groupName)] };

    public static DescribeSecurityGroupsRequest ByTag(string key, string value) => new() { Filters = [Ec2Filter.Tag(key, value)] };
}

/// <summary>
/// An ingress rule: protocol (<c>tcp</c>, <c>-1</c> for all) and port range from either a CIDR or another
/// security group (what lets the instances admit traffic only from the load balancer).
/// </summary>
public sealed record IngressRule(string IpProtocol, int FromPort, int ToPort, string? CidrIp = null, string? SourceSecurityGroupId = null, string? Description = null);

public sealed record SecurityGroup(
    string GroupId,
    string GroupName,
    string? VpcId,
    string? Description,
    IReadOnlyList<IngressRule> IngressRules,
    IReadOnlyDictionary<string, string> Tags);

public sealed record CreateLaunchTemplateRequest
{
    public required string LaunchTemplateName { get; init; }
    /// <summary>Idempotency token (at most 64 ASCII characters).</summary>
    public string? ClientToken { get; init; }
    public string? VersionDescription { get; init; }
    public required string ImageId { get; init; }
    public required string InstanceType { get; init; }
    public string? KeyName { get; init; }
    /// <summary>User data as plain text; the adapter base64-encodes it as EC2 requires.</summary>
    public string? UserData { get; init; }
    public IReadOnlyList<string>? SecurityGroupIds { get; init; }
    public string? IamInstanceProfileName { get; init; }
    /// <summary>Tags on the launch template itself.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    /// <summary>Tags the template puts on instances (and their volumes) launched from it.</summary>
    public IReadOnlyDictionary<string, string>? InstanceTags { get; init; }
    /// <summary>Instances answer metadata requests only with an IMDSv2 session token (<c>HttpTokens=required</c>).</summary>
    public bool RequireImdsV2 { get; init; }
    /// <summary>The device (the image's root) whose EBS volume the template encrypts; null leaves the image's mapping as is.</summary>
    public string? EncryptedVolumeDeviceName { get; init; }
    /// <summary>The encrypted volume's size (the image's root volume size; null lets EC2 take the snapshot's).</summary>
    public int? EncryptedVolumeSizeGiB { get; init; }
}

public sealed record LaunchTemplate(
    string LaunchTemplateId,
    string LaunchTemplateName,
    long? LatestVersionNumber,
    long? DefaultVersionNumber,
    DateTimeOffset? CreateTime,
    IReadOnlyDictionary<string, string> Tags);

public sealed record DescribeLaunchTemplatesRequest
{
    public IReadOnlyList<string>? LaunchTemplateNames { get; init; }
    public IReadOnlyList<string>? LaunchTemplateIds { get; init; }
    public IReadOnlyList<Ec2Filter>? Filters { get; init; }
}

public sealed record DescribeSubnetsRequest
{
    public IReadOnlyList<string>? SubnetIds { get; init; }
    public IReadOnlyList<Ec2Filter>? Filters { get; init; }
}

public sealed record Subnet(string SubnetId, string VpcId, string AvailabilityZone, string? CidrBlock, bool DefaultForAz, IReadOnlyDictionary<string, string> Tags);

public sealed record DescribeVpcsRequest
{
    public IReadOnlyList<string>? VpcIds { get; init; }
    public IReadOnlyList<Ec2Filter>? Filters { get; init; }
}

public sealed record Vpc(string VpcId, string? CidrBlock, bool IsDefault, IReadOnlyDictionary<string, string> Tags);

public sealed record RunInstancesRequest
{
    public required string ImageId { get; init; }
    public required string InstanceType { get; init; }
    public int Count { get; init; } = 1;
    public string? SubnetId { get; init; }
    public IReadOnlyList<string>? SecurityGroupIds { get; init; }
    public string? KeyName { get; init; }
    /// <summary>Plain text; base64-encoded by the adapter.</summary>
    public string? UserData { get; init; }
    /// <summary>Tags for the instances (TagSpecification resource type <c>instance</c>).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
    public string? ClientToken { get; init; }
}
