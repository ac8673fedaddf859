using Amazon.EC2;
using Sdk = Amazon.EC2.Model;

namespace Provisioner.Aws.Ec2;

/// <summary>Launch templates: what the Auto Scaling group launches.</summary>
public sealed partial class Ec2Client
{
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
        return DescribeAllAsync("DescribeLaunchTemplates",
            (next, ct) => ec2.DescribeLaunchTemplatesAsync(new Sdk.DescribeLaunchTemplatesRequest
            {
                LaunchTemplateNames = ListOrNull(request.LaunchTemplateNames),
                LaunchTemplateIds = ListOrNull(request.LaunchTemplateIds),
                Filters = Filters(request.Filters),
                NextToken = next,
            }, ct),
            response => (response.LaunchTemplates ?? []).Select(ToLaunchTemplate),
            response => response.NextToken,
            cancellationToken);
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

    private static LaunchTemplate ToLaunchTemplate(Sdk.LaunchTemplate t) => new(
        t.LaunchTemplateId,
        t.LaunchTemplateName,
        t.LatestVersionNumber,
        t.DefaultVersionNumber,
        t.CreateTime is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created.ToUniversalTime(), DateTimeKind.Utc)) : null,
        Tags(t.Tags));
}
