using Provisioner.Aws.ElasticLoadBalancing;
using Provisioner.Core.Naming;
using Provisioner.Functions.Steps;
using Provisioner.LocalCloud.Inspection;

namespace Provisioner.Functions.Tests.Steps.Integration;

public sealed class AttachCertIntegrationTests(LocalCloudFixture fixture) : StepIntegrationTest(fixture), IClassFixture<LocalCloudFixture>
{
    private AttachCert Step(StepDependencies deps) => new(deps.ElbV2, deps.Acm, Fixture.Time);

    private async Task<AttachCertInput> InputAsync()
    {
        var group = await new CreateTargetGroup(Deps.ElbV2).RunAsync(Spec.Input(), Ct);
        var alb = await new CreateAlb(Deps.Ec2, Deps.ElbV2).RunAsync(new(Spec, group.TargetGroupArn), Ct);
        return new(Spec, alb.LoadBalancerArn, group.TargetGroupArn, alb.HttpListenerArn);
    }

    private async Task<IReadOnlyList<Listener>> ListenersAsync(string loadBalancerArn) =>
        (await Deps.ElbV2.DescribeListenersAsync(new DescribeListenersRequest { LoadBalancerArn = loadBalancerArn }, Ct)).Listeners;

    [Fact]
    public async Task Run_ImportsTheTaggedCertificate_ListensOnHttps_RedirectsHttp_SetsStickiness()
    {
        var input = await InputAsync();

        var output = await Step(Deps).RunAsync(input, Ct);

        var made = await MadeByAsync(StepNames.AttachCert);
        Assert.Equal(output.CertificateArn, Assert.Single(made, r => r.Type == InspectedTypes.Certificate).Id);
        AssertTagged(made, StepNames.AttachCert);
        var listeners = await ListenersAsync(input.LoadBalancerArn);
        var https = Assert.Single(listeners, l => l.Port == 443);
        Assert.Equal((output.HttpsListenerArn, "HTTPS"), (https.ListenerArn, https.Protocol));
        Assert.Equal([output.CertificateArn!], https.CertificateArns);
        var http = Assert.Single(listeners, l => l.Port == 80);
        Assert.Equal(("redirect", "HTTPS"), (http.DefaultActions.Single().Type, http.DefaultActions.Single().Redirect?.Protocol));
        var attributes = await Deps.ElbV2.DescribeTargetGroupAttributesAsync(input.TargetGroupArn, Ct);
        Assert.Equal(("true", "lb_cookie", "86400"), (attributes["stickiness.enabled"], attributes["stickiness.type"], attributes["stickiness.lb_cookie.duration_seconds"]));
    }

    [Fact]
    public async Task Run_Twice_GivesTheSameResources()
    {
        var input = await InputAsync();
        var first = await Step(Deps).RunAsync(input, Ct);
        var second = await Step(Deps).RunAsync(input, Ct);

        Assert.Equal(first, second);
        Assert.Single(await InspectAsync(), r => r.Type == InspectedTypes.Certificate);
        Assert.Equal(2, (await ListenersAsync(input.LoadBalancerArn)).Count);
    }

    [Theory]
    [InlineData("acm", "ImportCertificate")]
    [InlineData("elasticloadbalancing", "CreateListener")]
    public async Task Run_CreateLosesItsResponse_RetriedRunLeavesExactlyOne(string service, string action)
    {
        var input = await InputAsync();
        LoseResponse(service, action);

        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(input, Ct));
        var output = await Step(SingleAttempt).RunAsync(input, Ct);

        Assert.Equal(output.CertificateArn, Assert.Single(await InspectAsync(), r => r.Type == InspectedTypes.Certificate).Id);
        Assert.Single(await ListenersAsync(input.LoadBalancerArn), l => l.Port == 443);
    }

    [Fact]
    public async Task Undo_RemovesCertificateAndHttpsListener_RestoresForwarding_TwiceAndWithNothingThereIsDone()
    {
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        var input = await InputAsync();
        await Step(Deps).RunAsync(input, Ct);

        await UndoUntilDoneAsync(() => Step(Deps).UndoAsync(Spec.UndoInput(), Ct));
        Assert.Equal(UndoResult.Done, await Step(Deps).UndoAsync(Spec.UndoInput(), Ct));

        Assert.Empty(await MadeByAsync(StepNames.AttachCert));
        var http = Assert.Single(await ListenersAsync(input.LoadBalancerArn));
        Assert.Equal(("forward", input.TargetGroupArn), (http.DefaultActions.Single().Type, http.DefaultActions.Single().TargetGroupArn));
    }

    [Fact]
    public async Task Undo_AfterARunThatCrashedBeforeReturning_RemovesWhatItMade()
    {
        var input = await InputAsync();
        LoseResponse("elasticloadbalancing", "ModifyListener");
        await Assert.ThrowsAnyAsync<Exception>(() => Step(SingleAttempt).RunAsync(input, Ct));
        Assert.NotEmpty(await MadeByAsync(StepNames.AttachCert));

        await UndoUntilDoneAsync(() => Step(Deps).UndoAsync(Spec.UndoInput(), Ct));

        Assert.Empty(await MadeByAsync(StepNames.AttachCert));
        Assert.Single(await ListenersAsync(input.LoadBalancerArn));
    }
}
