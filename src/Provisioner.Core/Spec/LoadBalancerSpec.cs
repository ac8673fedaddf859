namespace Provisioner.Core.Spec;

public sealed record LoadBalancerSpec
{
    public const string InternetFacing = "internet-facing";
    public const string Internal = "internal";

    public string Scheme { get; init; } = InternetFacing;

    /// <summary>HTTPS on 443; null means HTTP only. Omitted in the input, it defaults to a self-signed certificate (as in the lab).</summary>
    public HttpsSpec? Https { get; init; } = new() { SelfSigned = true };

    /// <summary>Whether port 80 answers with a redirect to HTTPS; defaults to true when HTTPS is on.</summary>
    public bool RedirectHttpToHttps { get; init; } = true;

    public StickinessSpec Stickiness { get; init; } = new();

    /// <summary>
    /// How long a deregistering target drains. AWS's default is 300 s; these environments are torn down
    /// as a whole, so a short drain keeps teardown quick.
    /// </summary>
    public int DeregistrationDelaySeconds { get; init; } = 30;
}
