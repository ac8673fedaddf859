namespace Provisioner.Core.Spec;

public sealed record LaunchSpec
{
    public string InstanceType { get; init; } = "t3.micro";
    public string? KeyName { get; init; }

    /// <summary>The application's own user data (raw, not base64); the CloudWatch agent part is added in front of it.</summary>
    public string? UserData { get; init; }

    /// <summary>Extra tags for the instances the Auto Scaling group launches.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
