namespace Provisioner.Cli.Demo;

/// <summary>How a demo run ended, and the process exit code for it.</summary>
public static class DemoOutcome
{
    /// <summary>Provisioned, healthy, torn down (or kept) with nothing left behind.</summary>
    public const string Succeeded = "SUCCEEDED";

    /// <summary>A step failed and the rollback removed everything.</summary>
    public const string RolledBack = "ROLLED_BACK";

    /// <summary>A step failed and the rollback could not remove everything.</summary>
    public const string RollbackFailed = "ROLLBACK_FAILED";

    /// <summary>Provisioning succeeded but the final teardown could not remove everything.</summary>
    public const string TeardownFailed = "TEARDOWN_FAILED";

    public static int ExitCode(string status) => status switch
    {
        Succeeded => 0,
        RolledBack => 1,
        _ => 3,
    };
}
