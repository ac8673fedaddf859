using System.Text;
using Provisioner.Core.Launch;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Core.Validation.Rules;

namespace Provisioner.Core.Validation.Sections;

/// <summary><c>/launch</c>: what the launch template gives each instance (type, key pair, user data, tags).</summary>
internal static class LaunchSection
{
    public static LaunchSpec Read(JsonObjectView doc, string? environmentId, AppSpec app) =>
        doc.Section("launch", launch => ReadLaunch(launch, environmentId, app), new LaunchSpec());

    private static LaunchSpec ReadLaunch(JsonObjectView launch, string? environmentId, AppSpec app)
    {
        var defaults = new LaunchSpec();
        launch.String("instanceType", out var instanceType);
        if (instanceType is not null && (instanceType.Length > 64 || !AwsIdentifiers.InstanceType().IsMatch(instanceType)))
        {
            launch.Error("instanceType", instanceType, "must be an EC2 instance type such as t3.micro (family, a dot, size)");
        }
        launch.String("keyName", out var keyName);
        if (keyName is not null && (keyName.Length is < 1 or > 255 || keyName.Any(c => c is < ' ' or > '~')))
        {
            launch.Error("keyName", keyName, "must be 1 to 255 printable ASCII characters");
        }
        launch.String("userData", out var userData);
        if (userData is not null)
        {
            CheckUserData(launch, userData, environmentId, app);
        }
        var tags = ReadTags(launch);
        return new LaunchSpec
        {
            InstanceType = instanceType ?? defaults.InstanceType,
            KeyName = keyName,
            UserData = userData,
            Tags = tags,
        };
    }

    private static void CheckUserData(JsonObjectView launch, string userData, string? environmentId, AppSpec app)
    {
        if (UserDataComposer.ContentTypeOf(userData) is null)
        {
            launch.Error("userData", Truncate(userData),
                $"must start with {string.Join(", ", UserDataComposer.AcceptedMarkers)} (a script or cloud-init directive); Provisioner combines it with the CloudWatch agent part");
            return;
        }
        if (userData.Contains(UserDataComposer.Boundary, StringComparison.Ordinal))
        {
            launch.Error("userData", Truncate(userData), "must not contain Provisioner's MIME boundary " + UserDataComposer.Boundary);
            return;
        }
        // The exact size check needs a valid environment id (the log group name is part of the agent part);
        // without one, check against the most room any valid id could leave.
        var id = environmentId ?? new string('x', 20);
        var composed = UserDataComposer.SizeInBytes(id, app, userData);
        if (composed > UserDataComposer.MaxBytes)
        {
            var room = UserDataComposer.MaxBytes - (composed - Encoding.UTF8.GetByteCount(userData));
            launch.Error("userData", Truncate(userData),
                $"must be at most {room} bytes: EC2 allows {UserDataComposer.MaxBytes} bytes of user data and the CloudWatch agent part takes the rest (this is {Encoding.UTF8.GetByteCount(userData)} bytes)");
        }
    }

    private static Dictionary<string, string> ReadTags(JsonObjectView launch)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!launch.StringMap("tags", out var entries))
        {
            return tags;
        }
        const int maxUserTags = ResourceTags.AwsMaxTagsPerResource - ResourceTags.ManagedTagCount;
        if (entries.Count > maxUserTags)
        {
            launch.Error("tags", null, $"must have at most {maxUserTags} tags (AWS allows {ResourceTags.AwsMaxTagsPerResource} and Provisioner sets {ResourceTags.ManagedTagCount})");
        }
        foreach (var (key, value, pointer) in entries)
        {
            if (key.Length is < 1 or > 128)
            {
                launch.AddError(pointer, key, "tag key must be 1 to 128 characters");
            }
            else if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                launch.AddError(pointer, key, "tag key must not start with 'aws:' (reserved by AWS)");
            }
            else if (key.StartsWith(ResourceTags.ReservedPrefix, StringComparison.OrdinalIgnoreCase) || key == ResourceTags.NameKey)
            {
                launch.AddError(pointer, key, $"tag key must not be 'Name' or start with '{ResourceTags.ReservedPrefix}' (set by Provisioner)");
            }
            else if (value!.Length > 256)
            {
                launch.AddError(pointer, value, "tag value must be at most 256 characters");
            }
            else
            {
                tags[key] = value;
            }
        }
        return tags;
    }

    private static string Truncate(string value) => value.Length <= 80 ? value : value[..77] + "...";
}
