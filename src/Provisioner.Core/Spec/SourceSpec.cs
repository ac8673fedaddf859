using System.Text.Json.Serialization;

namespace Provisioner.Core.Spec;

/// <summary>
/// Where the machine image comes from: baked from a running instance, or an existing AMI used as is.
/// Exactly one of <see cref="InstanceId"/> and <see cref="AmiId"/> is set.
/// </summary>
public sealed record SourceSpec
{
    public string? InstanceId { get; init; }
    public string? AmiId { get; init; }

    /// <summary>
    /// CreateImage without rebooting the instance. False (AWS's default) gives a file-system-consistent
    /// image at the cost of a reboot of the source instance.
    /// </summary>
    public bool NoReboot { get; init; }

    /// <summary>True when the workflow bakes the image, and so owns it and deletes it on rollback.</summary>
    [JsonIgnore]
    public bool BakesImage => InstanceId is not null;
}
