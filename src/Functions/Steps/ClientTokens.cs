using System.Security.Cryptography;
using System.Text;
using Provisioner.Core.Naming;

namespace Provisioner.Functions.Steps;

/// <summary>
/// Idempotency tokens for the APIs that take one. A retry of the same request must send the same token
/// (so AWS returns what the first attempt made), but an environment torn down and provisioned again under
/// the same id sends different parameters (a new AMI, new security groups): reusing the token then would be
/// <c>IdempotentParameterMismatch</c>. So the token is the environment's deterministic step token plus a
/// digest of the request's parameters.
/// </summary>
internal static class ClientTokens
{
    private const int DigestChars = 16;

    public static string For(ResourceNames names, string step, params string?[] parameters)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parameters.Select(p => p ?? "\u0000")))))[..DigestChars];
        var prefix = names.ClientToken(step);
        var room = 64 - DigestChars - 1;
        return $"{(prefix.Length <= room ? prefix : prefix[..room])}-{digest}";
    }
}
