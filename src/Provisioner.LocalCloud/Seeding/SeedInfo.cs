namespace Provisioner.LocalCloud.Seeding;

/// <summary>The lab's starting point in the local cloud: what a demo spec needs to name.</summary>
public sealed record SeedInfo(
    string Region,
    string VpcId,
    IReadOnlyList<string> SubnetIds,
    IReadOnlyList<string> AvailabilityZones,
    string InstanceId,
    string ImageId)
{
    public const string AppServerName = "app-server";

    /// <summary>The tag that marks the lab's app server as an instance Provisioner may bake an image of (the deployment's default source tag).</summary>
    public const string AllowedSourceTagKey = "provisioner:source";
    public const string AllowedSourceTagValue = "allowed";
}
