using Provisioner.Core.Spec;
using Provisioner.Core.Validation.Rules;

namespace Provisioner.Core.Validation.Sections;

/// <summary><c>/source</c>: the instance to bake an image from, or the image to use.</summary>
internal static class SourceSection
{
    /// <summary>AWS's longest tag value.</summary>
    private const int MaxInstanceNameLength = 256;

    /// <summary>The ways to name an image's source; a spec gives exactly one.</summary>
    private static readonly string[] SourceKinds = ["instanceId", "instanceName", "amiId"];

    public static SourceSpec? Read(JsonObjectView doc) => doc.Section("source", source => Read(doc, source), null, required: true);

    private static SourceSpec? Read(JsonObjectView doc, JsonObjectView source)
    {
        var ok = source.String("instanceId", out var instanceId);
        ok &= source.String("instanceName", out var instanceName);
        ok &= source.String("amiId", out var amiId);
        ok &= source.Bool("noReboot", false, out var noReboot);

        if (instanceId is not null && !AwsIdentifiers.InstanceId().IsMatch(instanceId))
        {
            source.Error("instanceId", instanceId, "must be an EC2 instance id: 'i-' followed by 8 or 17 lower-case hex digits");
            ok = false;
        }
        if (instanceName is not null && (instanceName.Length is 0 or > MaxInstanceNameLength || instanceName.Any(char.IsControl)))
        {
            source.Error("instanceName", instanceName, $"must be the instance's Name tag: 1 to {MaxInstanceNameLength} characters (AWS's tag value limit), no control characters");
            ok = false;
        }
        if (amiId is not null && !AwsIdentifiers.ImageId().IsMatch(amiId))
        {
            source.Error("amiId", amiId, "must be an AMI id: 'ami-' followed by 8 or 17 lower-case hex digits");
            ok = false;
        }
        var given = SourceKinds.Count(source.HasValue);
        if (given != 1)
        {
            doc.Error("source", null, given == 0
                ? "must have exactly one of instanceId or instanceName (bake an image) and amiId (use an image)"
                : "must have exactly one of instanceId or instanceName (bake an image) and amiId (use an image), not several");
            ok = false;
        }
        if (noReboot && source.HasValue("amiId") && !source.HasValue("instanceId") && !source.HasValue("instanceName"))
        {
            source.Error("noReboot", true, "applies only when baking an image from instanceId or instanceName");
            ok = false;
        }
        return ok ? new SourceSpec { InstanceId = instanceId, InstanceName = instanceName, AmiId = amiId, NoReboot = noReboot } : null;
    }
}
