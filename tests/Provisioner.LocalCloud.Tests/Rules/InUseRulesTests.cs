using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Rules;

/// <summary>"In use" rules that rollback order depends on: the ones moto already enforces are pinned here too.</summary>
public class InUseRulesTests(MotoFixture moto)
{
    // AWS: "You cannot delete an ACM certificate that is being used by another AWS service. To delete a
    // certificate that is in use, the certificate association must first be removed." (ResourceInUseException)
    // https://docs.aws.amazon.com/acm/latest/APIReference/API_DeleteCertificate.html  (moto 5.2.1 deletes it anyway.)
    [Fact]
    public async Task DeleteCertificate_UsedByAnHttpsListener_ResourceInUse_UntilTheListenerGoes()
    {
        using var cloud = new TestCloud(moto);
        var certificateArn = await ImportAsync(cloud);
        var sg = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("alb-sg"));
        var tg = await Scenario.TargetGroupAsync(cloud, MotoFixture.Unique("tg"));
        var alb = (await Scenario.LoadBalancerAsync(cloud, MotoFixture.Unique("alb"), sg)).First("LoadBalancerArn")!;
        var listener = (await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateListener", ("LoadBalancerArn", alb), ("Protocol", "HTTPS"), ("Port", "443"),
            ("Certificates.member.1.CertificateArn", certificateArn),
            ("DefaultActions.member.1.Type", "forward"), ("DefaultActions.member.1.TargetGroupArn", tg))).First("ListenerArn")!;

        var inUse = await cloud.Aws.JsonAsync("acm", "DeleteCertificate", new JsonObject { ["CertificateArn"] = certificateArn });
        await cloud.Aws.QueryAsync("elasticloadbalancing", "DeleteListener", ("ListenerArn", listener));
        var free = await cloud.Aws.JsonAsync("acm", "DeleteCertificate", new JsonObject { ["CertificateArn"] = certificateArn });

        Assert.Equal("ResourceInUseException", inUse.ErrorType);
        Assert.Equal(HttpStatusCode.OK, free.Status);
    }

    // AWS: DeleteTargetGroup "You can't delete a target group if it is used by a listener or rule" (ResourceInUse).
    // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteTargetGroup.html
    // moto 5.2.1 already enforces this: the layer adds nothing, the test pins it.
    [Fact]
    public async Task DeleteTargetGroup_UsedByAListener_ResourceInUse_EnforcedByMoto()
    {
        using var cloud = new TestCloud(moto);
        var sg = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("alb-sg"));
        var tg = await Scenario.TargetGroupAsync(cloud, MotoFixture.Unique("tg"));
        var alb = (await Scenario.LoadBalancerAsync(cloud, MotoFixture.Unique("alb"), sg)).First("LoadBalancerArn")!;
        await Scenario.ListenerAsync(cloud, alb, tg);

        var inUse = await cloud.Aws.QueryAsync("elasticloadbalancing", "DeleteTargetGroup", ("TargetGroupArn", tg));

        Assert.Equal("ResourceInUse", inUse.Error);
    }

    // AWS: a snapshot backing a registered AMI cannot be deleted (InvalidSnapshot.InUse): deregister the AMI first.
    // https://docs.aws.amazon.com/ebs/latest/userguide/ebs-deleting-snapshot.html
    // moto 5.2.1 already enforces this: the test pins it.
    [Fact]
    public async Task DeleteSnapshot_OfARegisteredImage_InvalidSnapshotInUse_EnforcedByMoto()
    {
        using var cloud = new TestCloud(moto);
        var image = await cloud.Aws.QueryAsync("ec2", "CreateImage", ("InstanceId", cloud.Seed.InstanceId), ("Name", MotoFixture.Unique("ami")));
        var described = await cloud.Aws.QueryAsync("ec2", "DescribeImages", ("ImageId.1", image.First("imageId")!));

        var inUse = await cloud.Aws.QueryAsync("ec2", "DeleteSnapshot", ("SnapshotId", described.First("snapshotId")!));

        Assert.Equal("InvalidSnapshot.InUse", inUse.Error);
    }

    private static async Task<string> ImportAsync(TestCloud cloud)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=inuse.example.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var imported = await cloud.Aws.JsonAsync("acm", "ImportCertificate", new JsonObject
        {
            ["Certificate"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem())),
            ["PrivateKey"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem())),
        });
        Assert.Equal(HttpStatusCode.OK, imported.Status);
        return imported.Json["CertificateArn"]!.GetValue<string>();
    }
}
