using System.Net;
using System.Xml.Linq;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

internal static class QueryResults
{
    /// <summary>
    /// Answers a Create call with the result of a Describe of the same resource (same member shape, e.g.
    /// <c>DescribeLoadBalancersResult/LoadBalancers</c> is also <c>CreateLoadBalancerResult/LoadBalancers</c>).
    /// </summary>
    public static HttpResponseMessage Rename(AwsCall call, XDocument describe, string describeAction)
    {
        var root = describe.Root!;
        var ns = root.Name.Namespace;
        root.Name = ns + $"{call.Action}Response";
        var result = root.Elements().FirstOrDefault(e => e.Name.LocalName == $"{describeAction}Result");
        if (result is not null)
        {
            result.Name = ns + $"{call.Action}Result";
            result.Elements().Where(e => e.Name.LocalName == "NextMarker").Remove();
        }
        var response = AwsErrors.Xml(HttpStatusCode.OK, describe.ToString(SaveOptions.DisableFormatting));
        response.RequestMessage = call.Request;
        return response;
    }
}
