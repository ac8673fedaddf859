namespace Provisioner.Cli;

/// <summary>Process exit codes shared by every command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran but the outcome is a failure (e.g. a rolled-back environment).</summary>
    public const int Failed = 1;

    /// <summary>The input was rejected: invalid spec, malformed JSON, unreadable file.</summary>
    public const int InvalidInput = 2;
}
