using System.Net;
using System.Xml.Linq;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// CreateTargetGroup is idempotent by name: the same name with the same settings returns the existing
/// target group; different settings fail with <c>DuplicateTargetGroupName</c>. moto 5.2.1 fails even
/// when the settings are the same.
/// </summary>
internal sealed class TargetGroupNameIdempotency(RealismLayer layer) : ICallBehavior
{
    /// <summary>Request parameter -> element of the described target group.</summary>
    private static readonly (string Param, string Element, string? Default)[] Settings =
    [
        ("Protocol", "Protocol", null),
        ("Port", "Port", null),
        ("VpcId", "VpcId", null),
        ("TargetType", "TargetType", "instance"),
        ("HealthCheckProtocol", "HealthCheckProtocol", null),
        ("HealthCheckPort", "HealthCheckPort", null),
        ("HealthCheckPath", "HealthCheckPath", null),
        ("HealthCheckEnabled", "HealthCheckEnabled", null),
        ("HealthCheckIntervalSeconds", "HealthCheckIntervalSeconds", null),
        ("HealthCheckTimeoutSeconds", "HealthCheckTimeoutSeconds", null),
        ("HealthyThresholdCount", "HealthyThresholdCount", null),
        ("UnhealthyThresholdCount", "UnhealthyThresholdCount", null),
        ("ProtocolVersion", "ProtocolVersion", null),
    ];

    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "elasticloadbalancing" || call.Action != "CreateTargetGroup" || call.Param("Name") is not { Length: > 0 } name)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        XDocument existing;
        try
        {
            existing = await layer.Moto.QueryAsync("elasticloadbalancing", "DescribeTargetGroups", [new("Names.member.1", name)], cancellationToken).ConfigureAwait(false);
        }
        catch (BackchannelException ex) when (ex.ErrorCode == "TargetGroupNotFound")
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        var member = existing.Named("TargetGroups").FirstOrDefault()?.Elements().FirstOrDefault();
        if (member is null)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        if (!SameSettings(call, member))
        {
            return AwsErrors.Create(call, HttpStatusCode.BadRequest, "DuplicateTargetGroupName",
                $"A target group with the name '{name}' already exists, with different settings.");
        }
        return QueryResults.Rename(call, existing, "DescribeTargetGroups");
    }

    private static bool SameSettings(AwsCall call, XElement member)
    {
        foreach (var (param, element, fallback) in Settings)
        {
            if (call.Param(param) is not { } wanted)
            {
                continue;
            }
            var actual = member.ChildValue(element) ?? fallback;
            if (!string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }
        if (call.Param("Matcher.HttpCode") is { } code && member.Child("Matcher")?.ChildValue("HttpCode") is { } actualCode &&
            !string.Equals(code, actualCode, StringComparison.Ordinal))
        {
            return false;
        }
        return true;
    }
}
