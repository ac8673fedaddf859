using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Provisioner.Cli.Up;

/// <summary>
/// The local identity provider of <c>up</c>: an HMAC key kept in the data folder signs a token for each local
/// user (dev-a, dev-b, and admin in the admins group); the API validates them with the same rules as the
/// HTTP API's JWT authorizer (issuer, audience, lifetime, signature). Tokens live on the real clock.
/// </summary>
public sealed class LocalUsers
{
    public const string Issuer = "provisioner-up";
    public const string Audience = "provisioner";
    public const string GroupsClaim = "cognito:groups";

    private LocalUsers(SymmetricSecurityKey key) => Key = key;

    public SymmetricSecurityKey Key { get; }

    /// <summary>The key of <paramref name="dataDir"/>, made on first use (0600).</summary>
    public static LocalUsers Open(string dataDir)
    {
        var path = Path.Combine(dataDir, "signing.key");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, RandomNumberGenerator.GetBytes(32));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        return new LocalUsers(new SymmetricSecurityKey(File.ReadAllBytes(path)));
    }

    /// <summary>A token per local user, valid for <paramref name="lifetime"/> of real time.</summary>
    public IReadOnlyDictionary<string, string> Tokens(string adminGroup, TimeSpan lifetime)
    {
        var handler = new JsonWebTokenHandler();
        string Sign(string sub, params string[] groups)
        {
            var claims = new Dictionary<string, object> { ["sub"] = sub };
            if (groups.Length > 0)
            {
                claims[GroupsClaim] = groups;
            }
            return handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = Audience,
                Claims = claims,
                Expires = DateTime.UtcNow + lifetime,
                SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
            });
        }
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["dev-a"] = Sign("dev-a"),
            ["dev-b"] = Sign("dev-b"),
            ["admin"] = Sign("admin", adminGroup),
        };
    }

    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = Key,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = "sub",
    };

    /// <summary>The caller a validated principal is (its <c>sub</c> and groups).</summary>
    public static Functions.Api.Caller? CallerOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated == true && user.FindFirst("sub")?.Value is { Length: > 0 } sub
            ? new Functions.Api.Caller(sub, [.. user.FindAll(GroupsClaim).Select(c => c.Value)])
            : null;
    }
}
