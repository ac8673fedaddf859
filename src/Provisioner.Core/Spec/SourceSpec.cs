using System.Text.Json.Serialization;

namespace Provisioner.Core.Spec;

/// <summary>
/// Where the machine image comes from: baked from an instance (named by its id, or by its <c>Name</c> tag,
/// resolved when the image is baked), or an existing AMI used as is. Exactly one of <see cref="InstanceId"/>,
/// <see cref="InstanceName"/> and <see cref="AmiId"/> is set.
/// </summary>
public sealed record SourceSpec
{
    public string? InstanceId { get; init; }

    /// <summary>
    /// The <c>Name</c> tag of the instance to bake (running or stopped; exactly one may match). A spec can then
    /// travel between accounts and emulators, where the same server has another id.
    /// </summary>
    public string? InstanceName { get; init; }

    public string? AmiId { get; init; }

    /// <summary>
    /// CreateImage without rebooting the instance. False (AWS's default) gives a file-system-consistent
    /// image at the cost of a reboot of the source instance.
    /// </summary>
    public bool NoReboot { get; init; }

    /// <summary>True when the workflow bakes the image, and so owns it and deletes it on rollback.</summary>
    [JsonIgnore]
    public bool BakesImage => InstanceId is not null || InstanceName is not null;
}
