using System.Globalization;
using System.Text;
using Amazon.EC2;
using Amazon.Runtime;
using Sdk = Amazon.EC2.Model;

namespace Provisioner.Aws.Ec2;

/// <summary>
/// <see cref="IEc2Client"/> over the official <see cref="IAmazonEC2"/>: the only place that touches the SDK's
/// EC2 types. SDK service errors become <see cref="AwsServiceException"/> (service <c>ec2</c>) with the
/// code, status and request id unchanged.
/// </summary>
public sealed class Ec2Client(IAmazonEC2 ec2) : IEc2Client
{
    public Task<string> CreateImageAsync(CreateImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sdk = new Sdk.CreateImageRequest
        {
            InstanceId = request.InstanceId,
            Name = request.Name,
            Description = request.Description,
            NoReboot = request.NoReboot,
            TagSpecifications = TagSpecifications((ResourceType.Image, request.ImageTags), (ResourceType.Snapshot, request.SnapshotTags)),
        };
        return Call("CreateImage", async () => (await ec2.CreateImageAsync(sdk, cancellationToken).ConfigureAwait(false)).ImageId);
    }

    public Task<IReadOnlyList<Image>> DescribeImagesAsync(DescribeImagesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Call("DescribeImages", async () =>
        {
            var images = new List<Image>();
            string? next = null;
            do
            {
                var response = await ec2.DescribeImagesAsync(new Sdk.DescribeImagesRequest
                {
                    ImageIds = ListOrNull(request.ImageIds),
                    Owners = ListOrNull(request.Owners),
                    Filters = Filters(request.Filters),
                    NextToken = next,
                }, cancellationToken).ConfigureAwait(false);
                foreach (var i in response.Images ?? [])
                {
                    images.Add(new Image(
                        i.ImageId,
                        i.Name,
                        i.State?.Value ?? "",
                        i.StateReason?.Message,
                        ParseTimestamp(i.CreationDate),
                        (i.BlockDeviceMappings ?? []).Select(b => b.Ebs?.SnapshotId).OfType<string>().ToList(),
                        Tags(i.Tags))
                    {
                        RootDeviceName = i.RootDeviceName,
                        RootVolumeSizeGiB = (i.BlockDeviceMappings ?? []).FirstOrDefault(b => b.DeviceName == i.RootDeviceName)?.Ebs?.VolumeSize,
                    });
                }
                next = response.NextToken;
            }
            while (!string.IsNullOrEmpty(next));
            return (IReadOnlyList<Image>)images;
        });
    }

    public Task DeregisterImageAsync(string imageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageId);
        return Call("DeregisterImage", () => ec2.DeregisterImageAsync(new Sdk.DeregisterImageRequest { ImageId = imageId }, cancellationToken));
    }

    public Task<IReadOnlyList<Snapshot>> DescribeSnapshotsAsync(DescribeSnapshotsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Call("DescribeSnapshots", async () =>
        {
            var snapshots = new List<Snapshot>();
            string? next = null;
            do
            {
                var response = await ec2.DescribeSnapshotsAsync(new Sdk.DescribeSnapshotsRequest
                {
                    SnapshotIds = ListOrNull(request.SnapshotIds),
                    OwnerIds = ListOrNull(request.OwnerIds),
                    Filters = Filters(request.Filters),
                    NextToken = next,
                }, cancellationToken).ConfigureAwait(false);
                foreach (var s in response.Snapshots ?? [])
                {
                    snapshots.Add(new Snapshot(s.SnapshotId, s.State?.Value ?? "", s.Progress, s.VolumeId, Tags(s.Tags)));
                }
                next = response.NextToken;
            }
            while (!string.IsNullOrEmpty(next));
            return (IReadOnlyList<Snapshot>)snapshots;
        });
    }

    public Task DeleteSnapshotAsync(string snapshotId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(snapshotId);
        return Call("DeleteSnapshot", () => ec2.DeleteSnapshotAsync(new Sdk.DeleteSnapshotRequest { SnapshotId = snapshotId }, cancellationToken));
    }

    public Task<IReadOnlyList<Instance>> DescribeInstancesAsync(DescribeInstancesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Call("DescribeInstances", async () =>
        {
            var instances = new List<Instance>();
            string? next = null;
            do
            {
                var response = await ec2.DescribeInstancesAsync(new Sdk.DescribeInstancesRequest
                {
                    InstanceIds = ListOrNull(request.InstanceIds),
                    Filters = Filters(request.Filters),
                    NextToken = next,
                }, cancellationToken).ConfigureAwait(false);
                instances.AddRange((response.Reservations ?? []).SelectMany(r => r.Instances ?? []).Select(ToInstance));
                next = response.NextToken;
            }
            while (!string.IsNullOrEmpty(next));
            return (IReadOnlyList<Instance>)instances;
        });
    }

    public Task<string> CreateSecurityGroupAsync(CreateSecurityGroupRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sdk = new Sdk.CreateSecurityGroupRequest
        {
            GroupName = request.GroupName,
            Description = request.Description,
            VpcId = request.VpcId,
            TagSpecifications = TagSpecifications((ResourceType.SecurityGroup, request.Tags)),
        };
        return Call("CreateSecurityGroup", async () => (await ec2.CreateSecurityGroupAsync(sdk, cancellationToken).ConfigureAwait(false)).GroupId);
    }

    public Task<IReadOnlyList<SecurityGroup>> DescribeSecurityGroupsAsync(DescribeSecurityGroupsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Call("DescribeSecurityGroups", async () =>
        {
            var groups = new List<SecurityGroup>();
            string? next = null;
            do
            {
                var response = await ec2.DescribeSecurityGroupsAsync(new Sdk.DescribeSecurityGroupsRequest
                {
                    GroupIds = ListOrNull(request.GroupIds),
                    Filters = Filters(request.Filters),
                    NextToken = next,
                }, cancellationToken).ConfigureAwait(false);
                foreach (var g in response.SecurityGroups ?? [])
                {
                    groups.Add(new SecurityGroup(g.GroupId, g.GroupName, g.VpcId, g.Description, IngressRules(g.IpPermissions), Tags(g.Tags)));
                }
                next = response.NextToken;
            }
            while (!string.IsNullOrEmpty(next));
            return (IReadOnlyList<SecurityGroup>)groups;
        });
    }

    public Task AuthorizeSecurityGroupIngressAsync(string groupId, IReadOnlyList<IngressRule> rules, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        ArgumentNullException.ThrowIfNull(rules);
        var permissions = rules.Select(r => new Sdk.IpPermission
        {
            IpProtocol = r.IpProtocol,
            FromPort = r.FromPort,
            ToPort = r.ToPort,
            Ipv4Ranges = r.CidrIp is null ? null : [new Sdk.IpRange { CidrIp = r.CidrIp, Description = r.Description }],
            UserIdGroupPairs = r.SourceSecurityGroupId is null ? null : [new Sdk.UserIdGroupPair { GroupId = r.SourceSecurityGroupId, Description = r.Description }],
        }).ToList();
        return Call("AuthorizeSecurityGroupIngress", () => ec2.AuthorizeSecurityGroupIngressAsync(
            new Sdk.AuthorizeSecurityGroupIngressRequest { GroupId = groupId, IpPermissions = permissions }, cancellationToken));
    }

    public Task DeleteSecurityGroupAsync(string groupId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(groupId);
        return Call("DeleteSecurityGroup", () => ec2.DeleteSecurityGroupAsync(new Sdk.DeleteSecurityGroupRequest { GroupId = groupId }, cancellationToken));
    }

    public Task<LaunchTemplate> CreateLaunchTemplateAsync(CreateLaunchTemplateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var data = new Sdk.RequestLaunchTemplateData
        {
            ImageId = request.ImageId,
            InstanceType = InstanceType.FindValue(request.InstanceType),
            KeyName = request.KeyName,
            UserData = Base64(request.UserData),
            SecurityGroupIds = ListOrNull(request.SecurityGroupIds),
            IamInstanceProfile = request.IamInstanceProfileName is null ? null : new Sdk.LaunchTemplateIamInstanceProfileSpecificationRequest { Name = request.IamInstanceProfileName },
        };
        if (request.RequireImdsV2)
        {
            data.MetadataOptions = new Sdk.LaunchTemplateInstanceMetadataOptionsRequest
            {
                HttpTokens = LaunchTemplateHttpTokensState.Required,
                HttpEndpoint = LaunchTemplateInstanceMetadataEndpointState.Enabled,
            };
        }
        if (request.EncryptedVolumeDeviceName is { } device)
        {
            data.BlockDeviceMappings = [new Sdk.LaunchTemplateBlockDeviceMappingRequest { DeviceName = device, Ebs = new Sdk.LaunchTemplateEbsBlockDeviceRequest { Encrypted = true, VolumeSize = request.EncryptedVolumeSizeGiB } }];
        }
        if (request.InstanceTags is { Count: > 0 } instanceTags)
        {
            data.TagSpecifications =
            [
                new Sdk.LaunchTemplateTagSpecificationRequest { ResourceType = ResourceType.Instance, Tags = SdkTags(instanceTags) },
                new Sdk.LaunchTemplateTagSpecificationRequest { ResourceType = ResourceType.Volume, Tags = SdkTags(instanceTags) },
            ];
        }
        var sdk = new Sdk.CreateLaunchTemplateRequest
        {
            LaunchTemplateName = request.LaunchTemplateName,
            ClientToken = request.ClientToken,
            VersionDescription = request.VersionDescription,
            LaunchTemplateData = data,
            TagSpecifications = TagSpecifications((ResourceType.LaunchTemplate, request.Tags)),
        };
        return Call("CreateLaunchTemplate", async () => ToLaunchTemplate((await ec2.CreateLaunchTemplateAsync(sdk, cancellationToken).ConfigureAwait(false)).LaunchTemplate));
    }

    public Task<IReadOnlyList<LaunchTemplate>> DescribeLaunchTemplatesAsync(DescribeLaunchTemplatesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Call("DescribeLaunchTemplates", async () =>
        {
            var templates = new List<LaunchTemplate>();
            string? next = null;
            do
            {
                var response = await ec2.DescribeLaunchTemplatesAsync(new Sdk.DescribeLaunchTemplatesRequest
                {
                    LaunchTemplateNames = ListOrNull(request.LaunchTemplateNames),
                    LaunchTemplateIds = ListOrNull(request.LaunchTemplateIds),
                    Filters = Filters(request.Filters),
                    NextToken = next,
                }, cancellationToken).ConfigureAwait(false);
                templates.AddRange((response.LaunchTemplates ?? []).Select(ToLaunchTemplate));
                next = response.NextToken;
            }
            while (!string.IsNullOrEmpty(next));
            return (IReadOnlyList<LaunchTemplate>)templates;
        });
    }

    public Task DeleteLaunchTemplateAsync(string? launchTemplateId, string? launchTemplateName, CancellationToken cancellationToken = default)
    {
        if ((launchTemplateId is null) == (launchTemplateName is null))
        {
            throw new ArgumentException("DeleteLaunchTemplate takes exactly one of launchTemplateId and launchTemplateName.", nameof(launchTemplateId));
        }
        return Call("DeleteLaunchTemplate", () => ec2.DeleteLaunchTemplateAsync(
            new Sdk.DeleteLaunchTemplateRequest { LaunchTemplateId = launchTemplateId, LaunchTemplateName = launchTemplateName }, cancellationToken));
    }

    public Task CreateTagsAsync(IReadOnlyList<string> resourceIds, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resourceIds);
        ArgumentNullException.ThrowIfNull(tags);
        return Call("CreateTags", () => ec2.CreateTagsAsync(new Sdk.CreateTagsRequest { Resources = [.. resourceIds], Tags = SdkTags(tags) }, cancellationToken));
    }

    public Task<IReadOnlyList<Subnet>> DescribeSubnetsAsync(DescribeSubnetsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Call("DescribeSubnets", async () =>
        {
            var subnets = new List<Subnet>();
            string? next = null;
            do
            {
                var response = await ec2.DescribeSubnetsAsync(new Sdk.DescribeSubnetsRequest
                {
                    SubnetIds = ListOrNull(request.SubnetIds),
                    Filters = Filters(request.Filters),
                    NextToken = next,
                }, cancellationToken).ConfigureAwait(false);
                subnets.AddRange((response.Subnets ?? []).Select(s => new Subnet(s.SubnetId, s.VpcId, s.AvailabilityZone, s.CidrBlock, s.DefaultForAz ?? false, Tags(s.Tags))));
                next = response.NextToken;
            }
            while (!string.IsNullOrEmpty(next));
            return (IReadOnlyList<Subnet>)subnets;
        });
    }

    public Task<IReadOnlyList<Vpc>> DescribeVpcsAsync(DescribeVpcsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Call("DescribeVpcs", async () =>
        {
            var vpcs = new List<Vpc>();
            string? next = null;
            do
            {
                var response = await ec2.DescribeVpcsAsync(new Sdk.DescribeVpcsRequest
                {
                    VpcIds = ListOrNull(request.VpcIds),
                    Filters = Filters(request.Filters),
                    NextToken = next,
                }, cancellationToken).ConfigureAwait(false);
                vpcs.AddRange((response.Vpcs ?? []).Select(v => new Vpc(v.VpcId, v.CidrBlock, v.IsDefault ?? false, Tags(v.Tags))));
                next = response.NextToken;
            }
            while (!string.IsNullOrEmpty(next));
            return (IReadOnlyList<Vpc>)vpcs;
        });
    }

    public Task<IReadOnlyList<Instance>> RunInstancesAsync(RunInstancesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sdk = new Sdk.RunInstancesRequest
        {
            ImageId = request.ImageId,
            InstanceType = InstanceType.FindValue(request.InstanceType),
            MinCount = request.Count,
            MaxCount = request.Count,
            SubnetId = request.SubnetId,
            SecurityGroupIds = ListOrNull(request.SecurityGroupIds),
            KeyName = request.KeyName,
            UserData = Base64(request.UserData),
            ClientToken = request.ClientToken,
            TagSpecifications = TagSpecifications((ResourceType.Instance, request.Tags)),
        };
        return Call("RunInstances", async () =>
            (IReadOnlyList<Instance>)((await ec2.RunInstancesAsync(sdk, cancellationToken).ConfigureAwait(false)).Reservation?.Instances ?? []).Select(ToInstance).ToList());
    }

    private static async Task<T> Call<T>(string action, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (ex.StatusCode != 0 || ex.ErrorCode is not null)
        {
            throw new AwsServiceException(AwsService.Ec2.EndpointPrefix, action, ex.ErrorCode ?? "Unknown", ex.Message, ex.StatusCode, ex.RequestId, ex);
        }
    }

    private static async Task Call(string action, Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException ex) when (ex.StatusCode != 0 || ex.ErrorCode is not null)
        {
            throw new AwsServiceException(AwsService.Ec2.EndpointPrefix, action, ex.ErrorCode ?? "Unknown", ex.Message, ex.StatusCode, ex.RequestId, ex);
        }
    }

    private static Instance ToInstance(Sdk.Instance i) => new(
        i.InstanceId,
        i.State?.Name?.Value ?? "",
        i.ImageId,
        i.InstanceType?.Value,
        i.SubnetId,
        i.VpcId,
        i.Placement?.AvailabilityZone,
        i.PrivateIpAddress,
        i.LaunchTime is { } launched ? new DateTimeOffset(DateTime.SpecifyKind(launched.ToUniversalTime(), DateTimeKind.Utc)) : null,
        Tags(i.Tags));

    private static LaunchTemplate ToLaunchTemplate(Sdk.LaunchTemplate t) => new(
        t.LaunchTemplateId,
        t.LaunchTemplateName,
        t.LatestVersionNumber,
        t.DefaultVersionNumber,
        t.CreateTime is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created.ToUniversalTime(), DateTimeKind.Utc)) : null,
        Tags(t.Tags));

    private static List<IngressRule> IngressRules(List<Sdk.IpPermission>? permissions)
    {
        var rules = new List<IngressRule>();
        foreach (var p in permissions ?? [])
        {
            foreach (var range in p.Ipv4Ranges ?? [])
            {
                rules.Add(new IngressRule(p.IpProtocol, p.FromPort ?? -1, p.ToPort ?? -1, CidrIp: range.CidrIp, Description: range.Description));
            }
            foreach (var pair in p.UserIdGroupPairs ?? [])
            {
                rules.Add(new IngressRule(p.IpProtocol, p.FromPort ?? -1, p.ToPort ?? -1, SourceSecurityGroupId: pair.GroupId, Description: pair.Description));
            }
        }
        return rules;
    }

    private static List<Sdk.TagSpecification>? TagSpecifications(params (ResourceType Type, IReadOnlyDictionary<string, string>? Tags)[] specs)
    {
        var list = specs
            .Where(s => s.Tags is { Count: > 0 })
            .Select(s => new Sdk.TagSpecification { ResourceType = s.Type, Tags = SdkTags(s.Tags!) })
            .ToList();
        return list.Count == 0 ? null : list;
    }

    private static List<Sdk.Tag> SdkTags(IReadOnlyDictionary<string, string> tags) => tags.Select(t => new Sdk.Tag(t.Key, t.Value)).ToList();

    private static Dictionary<string, string> Tags(List<Sdk.Tag>? tags)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags ?? [])
        {
            result[tag.Key] = tag.Value ?? "";
        }
        return result;
    }

    private static List<Sdk.Filter>? Filters(IReadOnlyList<Ec2Filter>? filters) =>
        filters is null ? null : filters.Select(f => new Sdk.Filter(f.Name, [.. f.Values])).ToList();

    private static List<string>? ListOrNull(IReadOnlyList<string>? values) => values is null ? null : [.. values];

    private static string? Base64(string? text) => text is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static DateTimeOffset? ParseTimestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value) ? value : null;
}
