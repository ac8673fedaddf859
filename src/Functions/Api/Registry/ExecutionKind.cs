namespace Provisioner.Functions.Api.Registry;

/// <summary>The two workflows an environment runs; part of every execution name.</summary>
public static class ExecutionKind
{
    public const string Provision = "provision";
    public const string Teardown = "teardown";
}
