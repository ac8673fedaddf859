using System.Net;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// ACM refuses to delete a certificate a load balancer listener still uses (<c>ResourceInUseException</c>):
/// the listener must go first. moto 5.2.1 deletes it anyway, leaving the listener pointing at nothing.
/// </summary>
internal sealed class CertificateInUse(RealismLayer layer) : ICallBehavior
{
    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "acm" || call.Action != "DeleteCertificate" || call.Json["CertificateArn"]?.GetValue<string>() is not { } arn)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        var balancers = await layer.Moto.QueryAsync("elasticloadbalancing", "DescribeLoadBalancers", cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var balancerArn in balancers.Named("LoadBalancerArn").Select(e => e.Value).ToList())
        {
            var listeners = await layer.Moto.QueryAsync("elasticloadbalancing", "DescribeListeners", [new("LoadBalancerArn", balancerArn)], cancellationToken).ConfigureAwait(false);
            foreach (var listener in listeners.Named("Listeners").SelectMany(e => e.Elements()))
            {
                if (listener.Child("Certificates")?.Named("CertificateArn").Any(e => e.Value == arn) ?? false)
                {
                    return AwsErrors.Create(call, HttpStatusCode.BadRequest, "ResourceInUseException",
                        $"Certificate {arn} is in use by {listener.ChildValue("ListenerArn")}.");
                }
            }
        }
        return await next(call, cancellationToken).ConfigureAwait(false);
    }
}
