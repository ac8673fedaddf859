using Provisioner.Aws;
using Provisioner.Aws.Ec2;
using Provisioner.Core.Launch;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Functions.Steps.Resources;

namespace Provisioner.Functions.Steps;

public sealed record CreateLaunchTemplateInput(EnvironmentSpec Spec, string AmiId, string AlbSecurityGroupId);

public sealed record CreateLaunchTemplateOutput(string LaunchTemplateId, long LaunchTemplateVersion, string InstanceSecurityGroupId);

/// <summary>
/// What the Auto Scaling group launches: the instances' security group, which admits the app port only
/// from the load balancer's security group (the lab opened it to 0.0.0.0/0), and the launch template (AMI,
/// instance type, key, the instance profile from the settings, and user data whose first part installs
/// the CloudWatch agent shipping the app log to the environment's log group). CreateLaunchTemplate gets a
/// client token derived from the environment and the request (<see cref="ClientTokens"/>), and the template is
/// found by name before it is created.
/// </summary>
public sealed class CreateLaunchTemplate(IEc2Client ec2, StepSettings settings)
{
    private const string Step = StepNames.CreateLaunchTemplate;

    /// <summary>The root device when EC2 does not say (Amazon Linux's): the volume the template encrypts.</summary>
    public const string DefaultRootDevice = "/dev/xvda";

    public async Task<CreateLaunchTemplateOutput> RunAsync(CreateLaunchTemplateInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var owner = settings.OwnerOf(spec);
        var names = owner.Names;
        var securityGroupId = await SecurityGroups.EnsureAsync(
            ec2, owner, spec.Network.VpcId, Step, names.InstanceSecurityGroup,
            $"Provisioner {spec.EnvironmentId}: app instances (port {spec.App.Port} from the load balancer only)",
            IngressRules(spec, input.AlbSecurityGroupId), cancellationToken).ConfigureAwait(false);

        var (rootDevice, rootSize) = await RootDeviceAsync(input.AmiId, cancellationToken).ConfigureAwait(false);
        var found = await CreateOrAdopt.RunAsync(
            ct => FindAsync(names.LaunchTemplate, ct),
            ct => ec2.CreateLaunchTemplateAsync(Request(owner, spec, input.AmiId, securityGroupId, rootDevice, rootSize), ct),
            AwsErrorCodes.DuplicateLaunchTemplateName, cancellationToken).ConfigureAwait(false);
        var template = found.Resource;
        if (!found.Created)
        {
            Ownership.Claim(owner, template.Tags, "launch template", names.LaunchTemplate);
        }
        // The step makes exactly one version; a template found on a retry is the one the first attempt made.
        var version = template.LatestVersionNumber ?? template.DefaultVersionNumber ?? 1;
        return new CreateLaunchTemplateOutput(template.LaunchTemplateId, version, securityGroupId);
    }

    public async Task<UndoResult> UndoAsync(UndoInput input, CancellationToken cancellationToken)
    {
        var owner = settings.OwnerOf(input.Spec);
        var names = owner.Names;
        var template = await FindAsync(names.LaunchTemplate, cancellationToken).ConfigureAwait(false);
        if (template is not null && Ownership.MayDelete(owner, template.Tags))
        {
            try
            {
                await ec2.DeleteLaunchTemplateAsync(template.LaunchTemplateId, null, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.IsNotFound)
            {
                // Already gone.
            }
        }
        var remaining = await SecurityGroups.DeleteAsync(ec2, owner, names.InstanceSecurityGroup,
            "instances that are still terminating", cancellationToken).ConfigureAwait(false);
        return UndoResult.From(remaining, TimeSpan.FromSeconds(20));
    }

    /// <summary>The app port, from the load balancer's group only.</summary>
    internal static IReadOnlyList<IngressRule> IngressRules(EnvironmentSpec spec, string albSecurityGroupId) =>
        [new IngressRule("tcp", spec.App.Port, spec.App.Port, SourceSecurityGroupId: albSecurityGroupId, Description: "app port from the load balancer")];

    /// <summary>
    /// The template's request: instances answer the metadata service only with an IMDSv2 token (a request
    /// forged through the app cannot read the instance role's credentials), and the root volume is encrypted
    /// (with the account's default EBS key) whatever the image says.
    /// </summary>
    internal CreateLaunchTemplateRequest Request(ResourceOwner owner, EnvironmentSpec spec, string amiId, string securityGroupId, string rootDevice = DefaultRootDevice, int? rootVolumeSizeGiB = null)
    {
        var names = owner.Names;
        var instanceTags = new Dictionary<string, string>(spec.Launch.Tags, StringComparer.Ordinal);
        foreach (var (key, value) in owner.Tags(Step, names.AutoScalingGroup))
        {
            instanceTags[key] = value;
        }
        var userData = UserDataComposer.Compose(spec.EnvironmentId, spec.App, spec.Launch.UserData);
        return new CreateLaunchTemplateRequest
        {
            LaunchTemplateName = names.LaunchTemplate,
            ClientToken = ClientTokens.For(names, Step, amiId, securityGroupId, rootDevice, rootVolumeSizeGiB?.ToString(System.Globalization.CultureInfo.InvariantCulture), spec.Launch.InstanceType, spec.Launch.KeyName, settings.InstanceProfileName, userData),
            VersionDescription = $"Provisioner {spec.EnvironmentId}",
            ImageId = amiId,
            InstanceType = spec.Launch.InstanceType,
            KeyName = spec.Launch.KeyName,
            UserData = userData,
            SecurityGroupIds = [securityGroupId],
            IamInstanceProfileName = settings.InstanceProfileName,
            Tags = owner.Tags(Step, names.LaunchTemplate),
            InstanceTags = instanceTags,
            RequireImdsV2 = true,
            EncryptedVolumeDeviceName = rootDevice,
            EncryptedVolumeSizeGiB = rootVolumeSizeGiB,
        };
    }

    private async Task<(string Device, int? SizeGiB)> RootDeviceAsync(string amiId, CancellationToken cancellationToken)
    {
        try
        {
            var images = await ec2.DescribeImagesAsync(DescribeImagesRequest.ById(amiId), cancellationToken).ConfigureAwait(false);
            var image = images.FirstOrDefault(i => i.ImageId == amiId);
            return (image?.RootDeviceName ?? DefaultRootDevice, image?.RootVolumeSizeGiB);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            return (DefaultRootDevice, null);
        }
    }

    private async Task<LaunchTemplate?> FindAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var templates = await ec2.DescribeLaunchTemplatesAsync(new DescribeLaunchTemplatesRequest { LaunchTemplateNames = [name] }, cancellationToken).ConfigureAwait(false);
            return templates.FirstOrDefault(t => t.LaunchTemplateName == name);
        }
        catch (AwsServiceException ex) when (ex.IsNotFound)
        {
            return null;
        }
    }
}
