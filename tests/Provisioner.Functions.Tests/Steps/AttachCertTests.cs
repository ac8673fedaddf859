using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Provisioner.Core.Naming;
using Provisioner.Core.Spec;
using Provisioner.Functions.Steps;
using Provisioner.Functions.Tests.Steps.Fakes;

namespace Provisioner.Functions.Tests.Steps;

public sealed class AttachCertTests
{
    private const string GivenCertificate = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
    private readonly FakeCloud _cloud = new();
    private readonly AttachCert _step;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public AttachCertTests() => _step = new AttachCert(_cloud.Elb, _cloud.Acm, _cloud.Time);

    private async Task<AttachCertInput> PrepareAsync(EnvironmentSpec spec)
    {
        var group = await new CreateTargetGroup(_cloud.Elb).RunAsync(spec.Input(), _ct);
        var alb = await new CreateAlb(_cloud.Ec2, _cloud.Elb).RunAsync(new(spec, group.TargetGroupArn), _ct);
        return new AttachCertInput(spec, alb.LoadBalancerArn, group.TargetGroupArn, alb.HttpListenerArn);
    }

    [Fact]
    public async Task Run_SelfSigned_ImportsACertificateForTheAlbDnsNameAndListensOn443()
    {
        var input = await PrepareAsync(TestSpecs.Spec());

        var output = await _step.RunAsync(input, _ct);

        Assert.True(output.Imported);
        var imported = _cloud.Acm.Certificates[output.CertificateArn!];
        Assert.Equal(StepNames.AttachCert, imported.Tags![ResourceTags.StepKey]);
        using var certificate = X509Certificate2.CreateFromPem(imported.CertificatePem);
        var dnsName = _cloud.Elb.LoadBalancers[input.LoadBalancerArn].DnsName;
        Assert.Equal(dnsName, certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
        Assert.Equal(dnsName, certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false));
        Assert.Equal(2048, certificate.GetRSAPublicKey()!.KeySize);
        Assert.Contains("BEGIN RSA PRIVATE KEY", imported.PrivateKeyPem, StringComparison.Ordinal);

        var https = _cloud.Elb.Listeners[output.HttpsListenerArn!];
        Assert.Equal((443, "HTTPS", AttachCert.SslPolicy), (https.Port, https.Protocol, https.SslPolicy));
        Assert.Equal([output.CertificateArn!], https.CertificateArns);
        Assert.Equal(input.TargetGroupArn, https.DefaultActions.Single().TargetGroupArn);
    }

    [Fact]
    public async Task Run_Output_NeverCarriesThePrivateKey()
    {
        var input = await PrepareAsync(TestSpecs.Spec());

        var output = await _step.RunAsync(input, _ct);

        var json = JsonSerializer.Serialize(output, StepJsonContext.Default.AttachCertOutput);
        var key = _cloud.Acm.Certificates.Values.Single().PrivateKeyPem;
        Assert.DoesNotContain("PRIVATE KEY", json, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Split('\n')[1], json, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", _cloud.Acm.Certificates.Values.Single().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithRedirect_TurnsTheHttpListenerIntoAPermanentRedirectToHttps()
    {
        var input = await PrepareAsync(TestSpecs.Spec());

        await _step.RunAsync(input, _ct);

        var action = _cloud.Elb.Listeners[input.HttpListenerArn].DefaultActions.Single();
        Assert.Equal(("redirect", "HTTPS", "443", "HTTP_301"), (action.Type, action.Redirect!.Protocol, action.Redirect.Port, action.Redirect.StatusCode));
    }

    [Fact]
    public async Task Run_WithoutRedirect_KeepsHttpForwarding()
    {
        var input = await PrepareAsync(TestSpecs.Spec().WithHttps(new HttpsSpec { SelfSigned = true }, redirect: false));

        await _step.RunAsync(input, _ct);

        Assert.Equal("forward", _cloud.Elb.Listeners[input.HttpListenerArn].DefaultActions.Single().Type);
    }

    [Fact]
    public async Task Run_SetsLbCookieStickiness()
    {
        var spec = TestSpecs.Spec() with { LoadBalancer = new LoadBalancerSpec { Stickiness = new StickinessSpec { Enabled = true, DurationSeconds = 3600 } } };
        var input = await PrepareAsync(spec);

        await _step.RunAsync(input, _ct);

        var attributes = _cloud.Elb.Attributes[input.TargetGroupArn];
        Assert.Equal(("true", "lb_cookie", "3600"), (attributes["stickiness.enabled"], attributes["stickiness.type"], attributes["stickiness.lb_cookie.duration_seconds"]));
    }

    [Fact]
    public async Task Run_HttpsOff_ReturnsNullsButStillAppliesStickiness()
    {
        var input = await PrepareAsync(TestSpecs.Spec().WithHttps(null));

        var output = await _step.RunAsync(input, _ct);

        Assert.Equal(new AttachCertOutput(null, null, false), output);
        Assert.Empty(_cloud.Acm.Certificates);
        Assert.Equal("true", _cloud.Elb.Attributes[input.TargetGroupArn]["stickiness.enabled"]);
        Assert.Single(_cloud.Elb.Listeners);
    }

    [Fact]
    public async Task Run_WithGivenCertificate_ImportsNothing()
    {
        var input = await PrepareAsync(TestSpecs.Spec().WithHttps(new HttpsSpec { CertificateArn = GivenCertificate }));

        var output = await _step.RunAsync(input, _ct);

        Assert.Equal((GivenCertificate, false), (output.CertificateArn, output.Imported));
        Assert.Equal(0, _cloud.Aws.Count("ImportCertificate"));
    }

    [Fact]
    public async Task Run_Twice_ImportsOnceAndReturnsTheSame()
    {
        var input = await PrepareAsync(TestSpecs.Spec());

        var first = await _step.RunAsync(input, _ct);
        var second = await _step.RunAsync(input, _ct);

        Assert.Equal(first, second);
        Assert.Single(_cloud.Acm.Certificates);
        Assert.Equal(2, _cloud.Elb.Listeners.Count);
    }

    [Theory]
    [InlineData("ImportCertificate")]
    [InlineData("CreateListener")]
    [InlineData("ModifyListener")]
    public async Task Run_RetriedAfterLostResponse_LeavesOneCertificateAndOneHttpsListener(string action)
    {
        var input = await PrepareAsync(TestSpecs.Spec());
        _cloud.Aws.LoseResponse(action);

        await Assert.ThrowsAsync<HttpRequestException>(() => _step.RunAsync(input, _ct));
        var output = await _step.RunAsync(input, _ct);

        Assert.Equal(output.CertificateArn, Assert.Single(_cloud.Acm.Certificates).Key);
        Assert.Single(_cloud.Elb.Listeners.Values, l => l.Port == 443);
    }

    [Fact]
    public async Task Undo_DeletesHttpsListenerAndImportedCertificate_AndRestoresForwarding()
    {
        var input = await PrepareAsync(TestSpecs.Spec());
        await _step.RunAsync(input, _ct);

        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));

        Assert.Empty(_cloud.Acm.Certificates);
        var remaining = Assert.Single(_cloud.Elb.Listeners.Values);
        Assert.Equal(input.TargetGroupArn, remaining.DefaultActions.Single().TargetGroupArn);
    }

    [Fact]
    public async Task Undo_NeverDeletesAGivenCertificate()
    {
        // Even tagged as if ours (say, copied from an earlier environment), a certificate the spec names is the user's.
        _cloud.Acm.Certificates[GivenCertificate] = new() { CertificatePem = "x", PrivateKeyPem = "y", Tags = ResourceTags.For("shop-dev", StepNames.AttachCert) };
        var spec = TestSpecs.Spec().WithHttps(new HttpsSpec { CertificateArn = GivenCertificate });
        await _step.RunAsync(await PrepareAsync(spec), _ct);

        Assert.Equal(UndoResult.Done, await _step.UndoAsync(spec.UndoInput(), _ct));

        Assert.True(_cloud.Acm.Certificates.ContainsKey(GivenCertificate));
        Assert.Equal(0, _cloud.Aws.Count("DeleteCertificate"));
    }

    [Fact]
    public async Task Undo_AfterTheLoadBalancerIsGone_StillDeletesTheImportedCertificate()
    {
        var input = await PrepareAsync(TestSpecs.Spec());
        await _step.RunAsync(input, _ct);
        await _cloud.Elb.DeleteLoadBalancerAsync(input.LoadBalancerArn, _ct);

        Assert.Equal(UndoResult.Done, await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct));
        Assert.Empty(_cloud.Acm.Certificates);
    }

    [Fact]
    public async Task Undo_CertificateStillInUse_IsWaiting()
    {
        var input = await PrepareAsync(TestSpecs.Spec());
        var output = await _step.RunAsync(input, _ct);
        _cloud.Acm.InUse.Add(output.CertificateArn!);

        var result = await _step.UndoAsync(TestSpecs.Spec().UndoInput(), _ct);

        Assert.Equal(UndoStatus.Waiting, result.Status);
        Assert.Contains(output.CertificateArn!, Assert.Single(result.Remaining), StringComparison.Ordinal);
    }

    [Fact]
    public void SelfSignedCertificate_LongDnsName_KeepsItInTheSanAndUsesTheFallbackCn()
    {
        var dns = "internal-prov-abcdefghijklmnopqrst-alb-1234567890.eu-central-1.elb.amazonaws.com";
        var generated = SelfSignedCertificate.Create(dns, "prov-x-cert", _cloud.Time.GetUtcNow(), TimeSpan.FromDays(30));

        using var certificate = X509Certificate2.CreateFromPem(generated.CertificatePem);
        Assert.Equal("prov-x-cert", certificate.GetNameInfo(X509NameType.SimpleName, false));
        Assert.Equal(dns, certificate.GetNameInfo(X509NameType.DnsName, false));
        Assert.DoesNotContain("KEY", generated.ToString(), StringComparison.Ordinal);
    }
}
