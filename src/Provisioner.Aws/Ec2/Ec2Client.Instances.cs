using Amazon.EC2;
using Sdk = Amazon.EC2.Model;

namespace Provisioner.Aws.Ec2;

/// <summary>Instances: find them (the image source, the group's members) and launch them (seeding the local lab).</summary>
public sealed partial class Ec2Client
{
    public Task<IReadOnlyList<Instance>> DescribeInstancesAsync(DescribeInstancesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return DescribeAllAsync("DescribeInstances",
            (next, ct) => ec2.DescribeInstancesAsync(new Sdk.DescribeInstancesRequest
            {
                InstanceIds = ListOrNull(request.InstanceIds),
                Filters = Filters(request.Filters),
                NextToken = next,
            }, ct),
            response => (response.Reservations ?? []).SelectMany(r => r.Instances ?? []).Select(ToInstance),
            response => response.NextToken,
            cancellationToken);
    }

    public Task<IReadOnlyList<Instance>> RunInstancesAsync(RunInstancesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sdk = new Sdk.RunInstancesRequest
        {
            ImageId = request.ImageId,
            InstanceType = InstanceType.FindValue(request.InstanceType),
            MinCount = request.Count,
            MaxCount = request.Count,
            SubnetId = request.SubnetId,
            SecurityGroupIds = ListOrNull(request.SecurityGroupIds),
            KeyName = request.KeyName,
            UserData = Base64(request.UserData),
            ClientToken = request.ClientToken,
            TagSpecifications = TagSpecifications((ResourceType.Instance, request.Tags)),
        };
        return Call("RunInstances", async () =>
            (IReadOnlyList<Instance>)((await ec2.RunInstancesAsync(sdk, cancellationToken).ConfigureAwait(false)).Reservation?.Instances ?? []).Select(ToInstance).ToList());
    }

    private static Instance ToInstance(Sdk.Instance i) => new(
        i.InstanceId,
        i.State?.Name?.Value ?? "",
        i.ImageId,
        i.InstanceType?.Value,
        i.SubnetId,
        i.VpcId,
        i.Placement?.AvailabilityZone,
        i.PrivateIpAddress,
        i.LaunchTime is { } launched ? new DateTimeOffset(DateTime.SpecifyKind(launched.ToUniversalTime(), DateTimeKind.Utc)) : null,
        Tags(i.Tags));
}
