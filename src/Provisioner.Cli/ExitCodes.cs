namespace Provisioner.Cli;

/// <summary>Process exit codes shared by every command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran but the outcome is a failure (e.g. a rolled-back environment).</summary>
    public const int Failed = 1;

    /// <summary>The input was rejected: invalid spec, malformed JSON, unreadable file.</summary>
    public const int InvalidInput = 2;

    /// <summary>The environment does not exist (or is another owner's).</summary>
    public const int NotFound = 3;

    /// <summary>Refused: the id is taken, a quota is full, or the status does not allow it (HTTP 409).</summary>
    public const int Conflict = 4;

    /// <summary>No service to talk to, or no valid token (HTTP 401).</summary>
    public const int Unavailable = 5;
}
