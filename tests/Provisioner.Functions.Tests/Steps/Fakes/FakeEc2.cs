using Provisioner.Aws.Ec2;

namespace Provisioner.Functions.Tests.Steps.Fakes;

/// <summary>EC2 in memory, with the AWS rules the steps rely on (unique AMI and group names, duplicate rules, groups in use).</summary>
public sealed class FakeEc2(FakeAws aws, TimeProvider? time = null) : FakeService(aws, "ec2"), IEc2Client
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Dictionary<string, Image> Images { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, Snapshot> Snapshots { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SecurityGroup> SecurityGroups { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, LaunchTemplate> LaunchTemplates { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, CreateLaunchTemplateRequest> LaunchTemplateRequests { get; } = new(StringComparer.Ordinal);

    /// <summary>Groups that something outside the fake still uses (ENIs of a deleted load balancer, instances).</summary>
    public HashSet<string> GroupsInUse { get; } = new(StringComparer.Ordinal);

    public CreateImageRequest? LastCreateImage { get; private set; }

    public Image AddImage(string name, string state = "available", IReadOnlyDictionary<string, string>? tags = null, params string[] snapshotIds)
    {
        var image = new Image(Aws.NewId("ami"), name, state, null, _time.GetUtcNow(), snapshotIds, Copy(tags));
        Images[image.ImageId] = image;
        return image;
    }

    public Task<string> CreateImageAsync(CreateImageRequest request, CancellationToken cancellationToken = default) =>
        Do("CreateImage", request.Name, () =>
        {
            if (Images.Values.Any(i => i.Name == request.Name && i.State != "deregistered"))
            {
                throw Error("CreateImage", "InvalidAMIName.Duplicate", $"AMI name {request.Name} is already in use");
            }
            LastCreateImage = request;
            var snapshot = new Snapshot(Aws.NewId("snap"), "pending", "0%", "vol-1", Copy(request.SnapshotTags));
            Snapshots[snapshot.SnapshotId] = snapshot;
            var image = new Image(Aws.NewId("ami"), request.Name, "pending", null, _time.GetUtcNow(), [snapshot.SnapshotId], Copy(request.ImageTags));
            Images[image.ImageId] = image;
            return image.ImageId;
        });

    public Task<IReadOnlyList<Image>> DescribeImagesAsync(DescribeImagesRequest request, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyList<Image>>("DescribeImages", string.Join(",", request.ImageIds ?? []), () =>
        {
            if (request.ImageIds is { Count: > 0 } ids && ids.Any(id => !Images.ContainsKey(id)))
            {
                throw Error("DescribeImages", "InvalidAMIID.NotFound", $"The image id '[{string.Join(",", ids)}]' does not exist");
            }
            return Images.Values
                .Where(i => request.ImageIds is null || request.ImageIds.Contains(i.ImageId))
                .Where(i => Matches(request.Filters, name => name switch { "name" => i.Name, _ => null }, i.Tags))
                .ToList();
        });

    public Task DeregisterImageAsync(string imageId, CancellationToken cancellationToken = default) =>
        Do("DeregisterImage", imageId, () =>
        {
            if (!Images.Remove(imageId))
            {
                throw Error("DeregisterImage", "InvalidAMIID.NotFound");
            }
        });

    public Task<IReadOnlyList<Snapshot>> DescribeSnapshotsAsync(DescribeSnapshotsRequest request, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyList<Snapshot>>("DescribeSnapshots", string.Join(",", request.SnapshotIds ?? []), () => Snapshots.Values
            .Where(s => request.SnapshotIds is null || request.SnapshotIds.Contains(s.SnapshotId))
            .Where(s => Matches(request.Filters, _ => null, s.Tags))
            .ToList());

    public Task DeleteSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default) =>
        Do("DeleteSnapshot", snapshotId, () =>
        {
            if (Images.Values.Any(i => i.SnapshotIds.Contains(snapshotId)))
            {
                throw Error("DeleteSnapshot", "InvalidSnapshot.InUse", $"The snapshot {snapshotId} is currently in use by an AMI");
            }
            if (!Snapshots.Remove(snapshotId))
            {
                throw Error("DeleteSnapshot", "InvalidSnapshot.NotFound");
            }
        });

    /// <summary>Instances by id; the lab's source instance is there, tagged as an allowed image source.</summary>
    public Dictionary<string, Instance> Instances { get; } = new(StringComparer.Ordinal)
    {
        ["i-0abc12345def67890"] = new("i-0abc12345def67890", "running", "ami-lab", "t3.micro", "subnet-a", "vpc-1", "us-east-1a", "10.0.0.10", null,
            new Dictionary<string, string> { ["Name"] = "app-server", ["provisioner:source"] = "allowed" }),
    };

    public Task<IReadOnlyList<Instance>> DescribeInstancesAsync(DescribeInstancesRequest request, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyList<Instance>>("DescribeInstances", "", () => Instances.Values
            .Where(i => request.InstanceIds is null || request.InstanceIds.Contains(i.InstanceId))
            .Where(i => Matches(request.Filters, name => name == "instance-state-name" ? i.State : null, i.Tags))
            .ToList());

    public Task<string> CreateSecurityGroupAsync(CreateSecurityGroupRequest request, CancellationToken cancellationToken = default) =>
        Do("CreateSecurityGroup", request.GroupName, () =>
        {
            if (SecurityGroups.Values.Any(g => g.GroupName == request.GroupName && g.VpcId == request.VpcId))
            {
                throw Error("CreateSecurityGroup", "InvalidGroup.Duplicate", $"The security group '{request.GroupName}' already exists");
            }
            var group = new SecurityGroup(Aws.NewId("sg"), request.GroupName, request.VpcId, request.Description, [], Copy(request.Tags));
            SecurityGroups[group.GroupId] = group;
            return group.GroupId;
        });

    public Task<IReadOnlyList<SecurityGroup>> DescribeSecurityGroupsAsync(DescribeSecurityGroupsRequest request, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyList<SecurityGroup>>("DescribeSecurityGroups", "", () => SecurityGroups.Values
            .Where(g => request.GroupIds is null || request.GroupIds.Contains(g.GroupId))
            .Where(g => Matches(request.Filters, name => name switch { "group-name" => g.GroupName, "vpc-id" => g.VpcId, _ => null }, g.Tags))
            .ToList());

    public Task AuthorizeSecurityGroupIngressAsync(string groupId, IReadOnlyList<IngressRule> rules, CancellationToken cancellationToken = default) =>
        Do("AuthorizeSecurityGroupIngress", groupId, () =>
        {
            var group = SecurityGroups.GetValueOrDefault(groupId) ?? throw Error("AuthorizeSecurityGroupIngress", "InvalidGroup.NotFound");
            if (rules.Any(r => group.IngressRules.Any(e => e.IpProtocol == r.IpProtocol && e.FromPort == r.FromPort && e.ToPort == r.ToPort && e.CidrIp == r.CidrIp && e.SourceSecurityGroupId == r.SourceSecurityGroupId)))
            {
                throw Error("AuthorizeSecurityGroupIngress", "InvalidPermission.Duplicate", "the specified rule already exists");
            }
            SecurityGroups[groupId] = group with { IngressRules = [.. group.IngressRules, .. rules] };
        });

    public Task DeleteSecurityGroupAsync(string groupId, CancellationToken cancellationToken = default) =>
        Do("DeleteSecurityGroup", groupId, () =>
        {
            if (!SecurityGroups.ContainsKey(groupId))
            {
                throw Error("DeleteSecurityGroup", "InvalidGroup.NotFound");
            }
            if (GroupsInUse.Contains(groupId) || SecurityGroups.Values.Any(g => g.IngressRules.Any(r => r.SourceSecurityGroupId == groupId)))
            {
                throw Error("DeleteSecurityGroup", "DependencyViolation", $"resource {groupId} has a dependent object");
            }
            SecurityGroups.Remove(groupId);
        });

    public Task<LaunchTemplate> CreateLaunchTemplateAsync(CreateLaunchTemplateRequest request, CancellationToken cancellationToken = default) =>
        Do("CreateLaunchTemplate", request.LaunchTemplateName, () =>
        {
            var sameToken = LaunchTemplateRequests.FirstOrDefault(r => r.Value.ClientToken is not null && r.Value.ClientToken == request.ClientToken);
            if (sameToken.Key is not null && LaunchTemplates.TryGetValue(sameToken.Key, out var earlier))
            {
                return earlier; // AWS: same client token, same request -> the template the first call made
            }
            if (LaunchTemplates.Values.Any(t => t.LaunchTemplateName == request.LaunchTemplateName))
            {
                throw Error("CreateLaunchTemplate", "InvalidLaunchTemplateName.AlreadyExistsException");
            }
            var template = new LaunchTemplate(Aws.NewId("lt"), request.LaunchTemplateName, 1, 1, _time.GetUtcNow(), Copy(request.Tags));
            LaunchTemplates[template.LaunchTemplateId] = template;
            LaunchTemplateRequests[template.LaunchTemplateId] = request;
            return template;
        });

    public Task<IReadOnlyList<LaunchTemplate>> DescribeLaunchTemplatesAsync(DescribeLaunchTemplatesRequest request, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyList<LaunchTemplate>>("DescribeLaunchTemplates", string.Join(",", request.LaunchTemplateNames ?? []), () =>
        {
            var found = LaunchTemplates.Values
                .Where(t => request.LaunchTemplateNames is null || request.LaunchTemplateNames.Contains(t.LaunchTemplateName))
                .Where(t => request.LaunchTemplateIds is null || request.LaunchTemplateIds.Contains(t.LaunchTemplateId))
                .ToList();
            if (request.LaunchTemplateNames is { Count: > 0 } && found.Count == 0)
            {
                throw Error("DescribeLaunchTemplates", "InvalidLaunchTemplateName.NotFoundException");
            }
            return found;
        });

    public Task DeleteLaunchTemplateAsync(string? launchTemplateId, string? launchTemplateName, CancellationToken cancellationToken = default) =>
        Do("DeleteLaunchTemplate", launchTemplateId ?? launchTemplateName ?? "", () =>
        {
            var template = LaunchTemplates.Values.FirstOrDefault(t => t.LaunchTemplateId == launchTemplateId || t.LaunchTemplateName == launchTemplateName)
                ?? throw Error("DeleteLaunchTemplate", "InvalidLaunchTemplateId.NotFound");
            LaunchTemplates.Remove(template.LaunchTemplateId);
        });

    public Task CreateTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default) =>
        Do("CreateTags", string.Join(",", resourceIds), () => { });

    public Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(DescribeSubnetsRequest request, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyList<Subnet>>("DescribeSubnets", "", () => []);

    public Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(DescribeVpcsRequest request, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyList<Vpc>>("DescribeVpcs", "", () => []);

    public Task<IReadOnlyList<Instance>> RunInstancesAsync(RunInstancesRequest request, CancellationToken cancellationToken = default) =>
        Do<IReadOnlyList<Instance>>("RunInstances", "", () => throw new NotSupportedException("not used by the steps"));

    private static bool Matches(IReadOnlyList<Ec2Filter>? filters, Func<string, string?> field, IReadOnlyDictionary<string, string> tags) =>
        filters is null || filters.All(f => f.Name.StartsWith("tag:", StringComparison.Ordinal)
            ? tags.TryGetValue(f.Name[4..], out var value) && f.Values.Contains(value)
            : field(f.Name) is { } actual && f.Values.Contains(actual));
}
