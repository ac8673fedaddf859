using System.Net;
using Provisioner.LocalCloud.Realism;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Rules;

/// <summary>
/// AMI names are unique per account and region: CreateImage (and RegisterImage, CopyImage) with a
/// name already in use fails with <c>InvalidAMIName.Duplicate</c>. moto 5.2.1 accepts the duplicate.
/// This is what makes CreateImage idempotent by name (it has no client token).
/// </summary>
internal sealed class AmiNameUnique(RealismLayer layer) : ICallBehavior
{
    public async Task<HttpResponseMessage> InvokeAsync(AwsCall call, CallHandler next, CancellationToken cancellationToken)
    {
        if (call.Service != "ec2" || call.Action is not ("CreateImage" or "RegisterImage" or "CopyImage") || call.Param("Name") is not { Length: > 0 } name)
        {
            return await next(call, cancellationToken).ConfigureAwait(false);
        }
        var existing = await layer.Moto.QueryAsync("ec2", "DescribeImages",
        [
            new("Owner.1", "self"),
            new("Filter.1.Name", "name"),
            new("Filter.1.Value.1", name),
        ], cancellationToken).ConfigureAwait(false);
        var imageId = existing.Named("imageId").FirstOrDefault()?.Value;
        if (imageId is not null)
        {
            return AwsErrors.Create(call, HttpStatusCode.BadRequest, "InvalidAMIName.Duplicate",
                $"AMI name {name} is already in use by AMI {imageId}");
        }
        return await next(call, cancellationToken).ConfigureAwait(false);
    }
}
