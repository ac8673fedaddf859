using Provisioner.Core.Spec;
using Provisioner.Core.Validation.Rules;

namespace Provisioner.Core.Validation.Sections;

/// <summary><c>/loadBalancer</c>: scheme, HTTPS (given or self-signed certificate), redirect, stickiness, deregistration delay.</summary>
internal static class LoadBalancerSection
{
    public static LoadBalancerSpec Read(JsonObjectView doc) => doc.Section("loadBalancer", ReadLoadBalancer, new LoadBalancerSpec());

    private static LoadBalancerSpec ReadLoadBalancer(JsonObjectView lb)
    {
        var defaults = new LoadBalancerSpec();
        lb.String("scheme", out var scheme);
        if (scheme is not null and not LoadBalancerSpec.InternetFacing and not LoadBalancerSpec.Internal)
        {
            lb.Error("scheme", scheme, "must be \"internet-facing\" or \"internal\"");
        }

        // Omitted: the lab's self-signed HTTPS. Explicit null: HTTP only.
        var httpsGiven = lb.Has("https");
        var https = httpsGiven ? lb.Section("https", section => ReadHttps(lb, section), null) : defaults.Https;
        var redirectGiven = lb.HasValue("redirectHttpToHttps");
        lb.Bool("redirectHttpToHttps", https is not null, out var redirect);
        if (redirectGiven && redirect && httpsGiven && !lb.HasValue("https"))
        {
            lb.Error("redirectHttpToHttps", true, "can be true only when https is configured");
        }

        var stickiness = lb.Section("stickiness", ReadStickiness, defaults.Stickiness);
        lb.Int("deregistrationDelaySeconds", defaults.DeregistrationDelaySeconds, 0, 3600, "seconds", out var delay);
        return new LoadBalancerSpec
        {
            Scheme = scheme ?? defaults.Scheme,
            Https = https,
            RedirectHttpToHttps = redirect,
            Stickiness = stickiness,
            DeregistrationDelaySeconds = delay,
        };
    }

    private static HttpsSpec ReadHttps(JsonObjectView lb, JsonObjectView https)
    {
        https.String("certificateArn", out var arn);
        https.Bool("selfSigned", false, out var selfSigned);
        if (arn is not null && !AwsIdentifiers.IsCertificateArn(arn))
        {
            https.Error("certificateArn", arn,
                "must be an ACM certificate ARN (arn:aws:acm:<region>:<account>:certificate/<uuid>) or an IAM server certificate ARN (arn:aws:iam::<account>:server-certificate/<name>)");
        }
        if ((arn is not null) == selfSigned)
        {
            lb.Error("https", null, arn is not null
                ? "must have either certificateArn or selfSigned: true, not both"
                : "must have either certificateArn or selfSigned: true (use null for HTTP only)");
        }
        return new HttpsSpec { CertificateArn = arn, SelfSigned = selfSigned };
    }

    private static StickinessSpec ReadStickiness(JsonObjectView sticky)
    {
        var defaults = new LoadBalancerSpec().Stickiness;
        sticky.Bool("enabled", defaults.Enabled, out var enabled);
        sticky.Int("durationSeconds", defaults.DurationSeconds, 1, 604800, "seconds (1 second to 7 days)", out var duration);
        return new StickinessSpec { Enabled = enabled, DurationSeconds = duration };
    }
}
