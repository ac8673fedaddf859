using Provisioner.Aws;
using Provisioner.Aws.Ec2;
using Provisioner.Core.Launch;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;

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

    public async Task<CreateLaunchTemplateOutput> RunAsync(CreateLaunchTemplateInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var names = ResourceNames.For(spec.EnvironmentId);
        var securityGroupId = await SecurityGroups.EnsureAsync(
            ec2, spec, Step, names.InstanceSecurityGroup,
            $"Provisioner {spec.EnvironmentId}: app instances (port {spec.App.Port} from the load balancer only)",
            IngressRules(spec, input.AlbSecurityGroupId), cancellationToken).ConfigureAwait(false);

        var template = await FindAsync(names.LaunchTemplate, cancellationToken).ConfigureAwait(false);
        if (template is null)
        {
            try
            {
                template = await ec2.CreateLaunchTemplateAsync(Request(spec, names, input.AmiId, securityGroupId), cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "InvalidLaunchTemplateName.AlreadyExistsException")
            {
                template = await FindAsync(names.LaunchTemplate, cancellationToken).ConfigureAwait(false);
                if (template is null)
                {
                    throw;
                }
            }
        }
        if (!Ownership.IsOurs(template.Tags, spec))
        {
            throw Ownership.NotOurs("launch template", names.LaunchTemplate, spec);
        }
        // The step makes exactly one version; a template found on a retry is the one the first attempt made.
        var version = template.LatestVersionNumber ?? template.DefaultVersionNumber ?? 1;
        return new CreateLaunchTemplateOutput(template.LaunchTemplateId, version, securityGroupId);
    }

    public async Task<UndoResult> UndoAsync(StepInput input, CancellationToken cancellationToken)
    {
        var spec = input.Spec;
        var names = ResourceNames.For(spec.EnvironmentId);
        var template = await FindAsync(names.LaunchTemplate, cancellationToken).ConfigureAwait(false);
        if (template is not null && Ownership.IsOurs(template.Tags, spec))
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
        var remaining = await SecurityGroups.DeleteAsync(ec2, spec, names.InstanceSecurityGroup,
            "instances that are still terminating", cancellationToken).ConfigureAwait(false);
        return UndoResult.From(remaining is null ? [] : [remaining], TimeSpan.FromSeconds(20));
    }

    /// <summary>The app port, from the load balancer's group only.</summary>
    internal static IReadOnlyList<IngressRule> IngressRules(EnvironmentSpec spec, string albSecurityGroupId) =>
        [new IngressRule("tcp", spec.App.Port, spec.App.Port, SourceSecurityGroupId: albSecurityGroupId, Description: "app port from the load balancer")];

    internal CreateLaunchTemplateRequest Request(EnvironmentSpec spec, ResourceNames names, string amiId, string securityGroupId)
    {
        var instanceTags = new Dictionary<string, string>(spec.Launch.Tags, StringComparer.Ordinal);
        foreach (var (key, value) in Ownership.Tags(spec, Step, names.AutoScalingGroup))
        {
            instanceTags[key] = value;
        }
        var userData = UserDataComposer.Compose(spec.EnvironmentId, spec.App, spec.Launch.UserData);
        return new CreateLaunchTemplateRequest
        {
            LaunchTemplateName = names.LaunchTemplate,
            ClientToken = ClientTokens.For(names, Step, amiId, securityGroupId, spec.Launch.InstanceType, spec.Launch.KeyName, settings.InstanceProfileName, userData),
            VersionDescription = $"Provisioner {spec.EnvironmentId}",
            ImageId = amiId,
            InstanceType = spec.Launch.InstanceType,
            KeyName = spec.Launch.KeyName,
            UserData = userData,
            SecurityGroupIds = [securityGroupId],
            IamInstanceProfileName = settings.InstanceProfileName,
            Tags = Ownership.Tags(spec, Step, names.LaunchTemplate),
            InstanceTags = instanceTags,
        };
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
