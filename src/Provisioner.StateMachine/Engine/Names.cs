using System.Security.Cryptography;
using System.Text;

namespace Provisioner.StateMachine.Engine;

/// <summary>ARNs and the naming rules Step Functions applies to state machine and execution names.</summary>
internal static class Names
{
    private const string Forbidden = " <>{}[]?*\"#%\\^|~`$&,;:/";

    public static string StateMachineArn(StateMachineEngineOptions options, string name) =>
        $"arn:aws:states:{options.Region}:{options.AccountId}:stateMachine:{name}";

    public static string ExecutionArn(StateMachineEngineOptions options, string stateMachineName, string name) =>
        $"arn:aws:states:{options.Region}:{options.AccountId}:execution:{stateMachineName}:{name}";

    /// <summary>The state machine name inside a state machine ARN, or null if it is not one.</summary>
    public static string? StateMachineNameOf(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length == 7 && parts[0] == "arn" && parts[2] == "states" && parts[5] == "stateMachine" ? parts[6] : null;
    }

    public static void Validate(string name, string field)
    {
        if (name.Length is 0 or > 80)
        {
            throw new StepFunctionsException("InvalidName", $"Invalid {field}: '{name}' must be 1 to 80 characters long.");
        }

        foreach (var c in name)
        {
            if (Forbidden.Contains(c, StringComparison.Ordinal) || char.IsControl(c) || char.IsWhiteSpace(c))
            {
                throw new StepFunctionsException("InvalidName", $"Invalid {field}: '{name}' contains the character '{c}', which names may not contain.");
            }
        }
    }

    /// <summary>A child execution name that a restarted parent derives again for the same task attempt.</summary>
    public static string ChildExecutionName(string parentName, string callerKey)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(parentName + "|" + callerKey)))[..16];
        var prefix = parentName.Length > 60 ? parentName[..60] : parentName;
        return $"{prefix}-{hash}";
    }
}
