using System.Xml.Linq;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Seeding;

/// <summary>
/// Seeds where the lab started: moto's default VPC with its subnets (one per availability zone), plus one
/// running instance tagged <c>Name=app-server</c> launched from an Amazon Linux 2 image the emulator knows.
/// Idempotent: a running app server that already exists is reused.
/// </summary>
public static class LabSeed
{
    private const string ImageNamePattern = "amzn2-ami-hvm-*-x86_64-gp2";

    public static async Task<SeedInfo> ApplyAsync(MotoBackchannel moto, string region = "us-east-1", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(moto);
        var vpcs = await moto.QueryAsync("ec2", "DescribeVpcs", [new("Filter.1.Name", "isDefault"), new("Filter.1.Value.1", "true")], cancellationToken).ConfigureAwait(false);
        var vpcId = vpcs.Named("vpcId").FirstOrDefault()?.Value
            ?? throw new InvalidOperationException("The local cloud has no default VPC to seed from (moto creates one per region).");

        var subnetDoc = await moto.QueryAsync("ec2", "DescribeSubnets", [new("Filter.1.Name", "vpc-id"), new("Filter.1.Value.1", vpcId)], cancellationToken).ConfigureAwait(false);
        var subnets = subnetDoc.Named("subnetSet").SelectMany(e => e.Elements())
            .Select(s => (Id: s.ChildValue("subnetId") ?? "", Az: s.ChildValue("availabilityZone") ?? ""))
            .Where(s => s.Id.Length > 0)
            .OrderBy(s => s.Az, StringComparer.Ordinal)
            .ToList();
        if (subnets.Select(s => s.Az).Distinct().Count() < 2)
        {
            throw new InvalidOperationException($"The default VPC {vpcId} has subnets in fewer than two availability zones; an ALB needs two.");
        }

        var images = await moto.QueryAsync("ec2", "DescribeImages",
            [new("Owner.1", "amazon"), new("Filter.1.Name", "name"), new("Filter.1.Value.1", ImageNamePattern)], cancellationToken).ConfigureAwait(false);
        var imageId = images.Named("imagesSet").SelectMany(e => e.Elements())
            .OrderByDescending(i => i.ChildValue("name"), StringComparer.Ordinal)
            .Select(i => i.ChildValue("imageId"))
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"The local cloud knows no Amazon Linux 2 image ({ImageNamePattern}) to launch the app server from.");

        var instanceId = await FindAppServerAsync(moto, cancellationToken).ConfigureAwait(false)
            ?? await LaunchAppServerAsync(moto, imageId, subnets[0].Id, cancellationToken).ConfigureAwait(false);

        return new SeedInfo(region, vpcId, [.. subnets.Select(s => s.Id)], [.. subnets.Select(s => s.Az)], instanceId, imageId);
    }

    private static async Task<string?> FindAppServerAsync(MotoBackchannel moto, CancellationToken cancellationToken)
    {
        var found = await moto.QueryAsync("ec2", "DescribeInstances",
        [
            new("Filter.1.Name", "tag:Name"), new("Filter.1.Value.1", SeedInfo.AppServerName),
            new("Filter.2.Name", "instance-state-name"), new("Filter.2.Value.1", "running"),
        ], cancellationToken).ConfigureAwait(false);
        return found.Named("instancesSet").SelectMany(e => e.Elements()).Select(i => i.ChildValue("instanceId")).FirstOrDefault();
    }

    private static async Task<string> LaunchAppServerAsync(MotoBackchannel moto, string imageId, string subnetId, CancellationToken cancellationToken)
    {
        var launched = await moto.QueryAsync("ec2", "RunInstances",
        [
            new("ImageId", imageId), new("InstanceType", "t3.micro"), new("MinCount", "1"), new("MaxCount", "1"),
            new("SubnetId", subnetId),
            new("TagSpecification.1.ResourceType", "instance"),
            new("TagSpecification.1.Tag.1.Key", "Name"), new("TagSpecification.1.Tag.1.Value", SeedInfo.AppServerName),
            new("TagSpecification.1.Tag.2.Key", SeedInfo.AllowedSourceTagKey), new("TagSpecification.1.Tag.2.Value", SeedInfo.AllowedSourceTagValue),
        ], cancellationToken).ConfigureAwait(false);
        return launched.Named("instanceId").FirstOrDefault()?.Value
            ?? throw new InvalidOperationException("RunInstances returned no instance id while seeding the app server.");
    }
}
