namespace Provisioner.Functions.Api;

/// <summary>Who is calling, from a validated token: the owner is <see cref="Sub"/>.</summary>
public sealed record Caller(string Sub, IReadOnlyList<string> Groups)
{
    public bool IsIn(string group) => Groups.Contains(group, StringComparer.Ordinal);
}
