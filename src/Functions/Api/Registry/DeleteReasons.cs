namespace Provisioner.Functions.Api.Registry;

/// <summary>Why an environment was torn down (<see cref="EnvironmentRecord.DeleteReason"/>).</summary>
public static class DeleteReasons
{
    /// <summary>A DELETE by its owner or an admin.</summary>
    public const string Deleted = "deleted";

    /// <summary>Its TTL ran out: the expiry schedule tore it down.</summary>
    public const string Expired = "expired";
}
