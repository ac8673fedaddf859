using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Provisioner.LocalCloud.Faults;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Faults;

public class FaultInjectionTests(MotoFixture moto)
{
    [Fact]
    public async Task Error_AnswersTheGivenAwsError_AndNothingIsCreated()
    {
        using var cloud = new TestCloud(moto);
        var ct = TestContext.Current.CancellationToken;
        var name = MotoFixture.Unique("sg");
        var fault = cloud.Layer.Faults.Add(new Fault("ec2", "CreateSecurityGroup", FaultKind.Error) { ErrorCode = "UnauthorizedOperation", HttpStatus = 403 });

        var ex = await Assert.ThrowsAsync<AmazonEC2Exception>(() => cloud.Ec2.CreateSecurityGroupAsync(
            new CreateSecurityGroupRequest { GroupName = name, Description = "x", VpcId = cloud.Seed.VpcId }, ct));

        Assert.Equal(("UnauthorizedOperation", HttpStatusCode.Forbidden), (ex.ErrorCode, ex.StatusCode));
        Assert.Equal((1, 0), (fault.Hits, fault.Remaining));
        Assert.Empty(await GroupsNamedAsync(cloud, name));
        // Used up: the next call goes through.
        await cloud.Ec2.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = name, Description = "x", VpcId = cloud.Seed.VpcId }, ct);
    }

    [Fact]
    public async Task Throttle_NextNCalls_ThenThrough()
    {
        using var cloud = new TestCloud(moto);
        cloud.Layer.Faults.Add(new Fault("elasticloadbalancing", "DescribeTargetGroups", FaultKind.Throttle, times: 2));

        var results = new List<RawAws.QueryResult>();
        for (var i = 0; i < 3; i++)
        {
            results.Add(await cloud.Aws.QueryAsync("elasticloadbalancing", "DescribeTargetGroups"));
        }

        Assert.Equal(["Throttling", "Throttling", null], results.Select(r => r.Error));
        Assert.Equal(HttpStatusCode.OK, results[2].Status);
    }

    [Fact]
    public async Task Delay_HoldsTheCallOnTheLayersClock()
    {
        using var cloud = new TestCloud(moto);
        var ct = TestContext.Current.CancellationToken;
        var fault = cloud.Layer.Faults.Add(new Fault("ec2", "DescribeVpcs", FaultKind.Delay) { Delay = TimeSpan.FromSeconds(30) });

        var call = cloud.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest(), ct);
        while (fault.Held == 0 && !call.IsCompleted)
        {
            await Task.Yield(); // wait (without sleeping) until the call is held on the fake clock
        }
        cloud.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        cloud.Advance(TimeSpan.FromSeconds(1));
        var response = await call;

        Assert.NotEmpty(response.Vpcs);
        Assert.Equal(0, fault.Held);
    }

    [Fact]
    public async Task LostResponse_ServerError_TheCallTookEffect()
    {
        using var cloud = new TestCloud(moto);
        var name = MotoFixture.Unique("sg");
        cloud.Layer.Faults.Add(new Fault("ec2", "CreateSecurityGroup", FaultKind.LostResponse));

        var lost = await cloud.Aws.QueryAsync("ec2", "CreateSecurityGroup", ("GroupName", name), ("GroupDescription", "x"), ("VpcId", cloud.Seed.VpcId));
        var retry = await cloud.Aws.QueryAsync("ec2", "CreateSecurityGroup", ("GroupName", name), ("GroupDescription", "x"), ("VpcId", cloud.Seed.VpcId));

        Assert.Equal((HttpStatusCode.InternalServerError, "InternalError"), (lost.Status, lost.Error));
        Assert.Single(await GroupsNamedAsync(cloud, name));
        Assert.Equal("InvalidGroup.Duplicate", retry.Error);
    }

    [Fact]
    public async Task LostResponse_Timeout_TheCallTookEffect_ARetryFindsTheSameTargetGroup()
    {
        using var cloud = new TestCloud(moto);
        var name = MotoFixture.Unique("tg");
        cloud.Layer.Faults.Add(new Fault("elasticloadbalancing", "CreateTargetGroup", FaultKind.LostResponse) { LostAs = LostResponseMode.Timeout });

        var ex = await Assert.ThrowsAsync<TaskCanceledException>(() => Scenario.TargetGroupAsync(cloud, name));
        var arn = await Scenario.TargetGroupAsync(cloud, name);
        var all = await cloud.Aws.QueryAsync("elasticloadbalancing", "DescribeTargetGroups", ("Names.member.1", name));

        Assert.IsType<TimeoutException>(ex.InnerException);
        Assert.Equal([arn], all.All("TargetGroupArn").Select(e => e.Value));
    }

    [Fact]
    public void Fault_BadArguments_NameTheParameter()
    {
        Assert.Equal("times", Assert.Throws<ArgumentOutOfRangeException>(() => new Fault("ec2", "X", FaultKind.Error, times: 0)).ParamName);
        Assert.Equal("service", Assert.Throws<ArgumentException>(() => new Fault("", "X", FaultKind.Error)).ParamName);
    }

    private static async Task<string[]> GroupsNamedAsync(TestCloud cloud, string name)
    {
        var found = await cloud.Moto.Cloud.Backchannel.QueryAsync("ec2", "DescribeSecurityGroups",
            [new("Filter.1.Name", "group-name"), new("Filter.1.Value.1", name)], TestContext.Current.CancellationToken);
        return [.. found.Descendants().Where(e => e.Name.LocalName == "securityGroupInfo").SelectMany(e => e.Elements())
            .Select(e => e.Elements().First(c => c.Name.LocalName == "groupId").Value)];
    }
}

public class LostResponseIdempotencyTests(MotoFixture moto)
{
    // A lost RunInstances response retried with the same client token returns the first launch
    // instead of launching again. https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html
    [Fact]
    public async Task RunInstances_LostResponseThenRetryWithSameToken_OneInstance()
    {
        using var cloud = new TestCloud(moto);
        var token = MotoFixture.Unique("tok");
        var env = MotoFixture.Unique("env");
        cloud.Layer.Faults.Add(new Fault("ec2", "RunInstances", FaultKind.LostResponse));
        (string, string)[] run =
        [
            ("ImageId", cloud.Seed.ImageId), ("MinCount", "1"), ("MaxCount", "1"), ("InstanceType", "t3.micro"), ("ClientToken", token),
            ("TagSpecification.1.ResourceType", "instance"), ("TagSpecification.1.Tag.1.Key", "provisioner:environment"),
            ("TagSpecification.1.Tag.1.Value", env),
        ];

        var lost = await cloud.Aws.QueryAsync("ec2", "RunInstances", run);
        var retry = await cloud.Aws.QueryAsync("ec2", "RunInstances", run);
        var instances = await moto.Cloud.Inspection.ListAsync(env, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, lost.Status);
        Assert.Equal(HttpStatusCode.OK, retry.Status);
        Assert.Equal([retry.First("instanceId")], instances.Where(r => r.Type == Provisioner.LocalCloud.Inspection.InspectedTypes.Instance).Select(r => r.Id));
    }
}

public class ResourceFailedTests(MotoFixture moto)
{
    [Fact]
    public async Task ResourceFailed_CreateImage_PendingThenFailedWithAReason()
    {
        using var cloud = new TestCloud(moto);
        var ct = TestContext.Current.CancellationToken;
        cloud.Layer.Faults.Add(new Fault("ec2", "CreateImage", FaultKind.ResourceFailed));

        var created = await cloud.Ec2.CreateImageAsync(new CreateImageRequest { InstanceId = cloud.Seed.InstanceId, Name = MotoFixture.Unique("ami") }, ct);
        var pending = await DescribeAsync(cloud, created.ImageId);
        cloud.Advance(TimeSpan.FromMinutes(11));
        var failed = await DescribeAsync(cloud, created.ImageId);

        Assert.Equal(ImageState.Pending, pending.State);
        Assert.Equal(ImageState.Failed, failed.State);
        Assert.Equal("Server.InternalError", failed.StateReason.Code);
    }

    [Fact]
    public async Task ResourceFailed_CreateLoadBalancer_ProvisioningThenFailed()
    {
        using var cloud = new TestCloud(moto);
        cloud.Layer.Faults.Add(new Fault("elasticloadbalancing", "CreateLoadBalancer", FaultKind.ResourceFailed));
        var sg = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("alb-sg"));

        var created = await Scenario.LoadBalancerAsync(cloud, MotoFixture.Unique("alb"), sg);
        cloud.Advance(TimeSpan.FromMinutes(4));
        var later = await cloud.Aws.QueryAsync("elasticloadbalancing", "DescribeLoadBalancers", ("LoadBalancerArns.member.1", created.First("LoadBalancerArn")!));

        Assert.Equal("provisioning", created.First("Code"));
        Assert.Equal("failed", later.First("Code"));
    }

    [Fact]
    public async Task ResourceStuck_CreateImage_StaysPendingLongAfterAnyBake()
    {
        using var cloud = new TestCloud(moto);
        var ct = TestContext.Current.CancellationToken;
        cloud.Layer.Faults.Add(new Fault("ec2", "CreateImage", FaultKind.ResourceStuck));

        var stuck = await cloud.Ec2.CreateImageAsync(new CreateImageRequest { InstanceId = cloud.Seed.InstanceId, Name = MotoFixture.Unique("ami") }, ct);
        var normal = await cloud.Ec2.CreateImageAsync(new CreateImageRequest { InstanceId = cloud.Seed.InstanceId, Name = MotoFixture.Unique("ami") }, ct);
        cloud.Advance(TimeSpan.FromDays(30));

        Assert.Equal(ImageState.Pending, (await DescribeAsync(cloud, stuck.ImageId)).State);
        Assert.Equal(ImageState.Available, (await DescribeAsync(cloud, normal.ImageId)).State);
    }

    [Fact]
    public async Task ResourceStuck_CreateLoadBalancer_StaysProvisioning()
    {
        using var cloud = new TestCloud(moto);
        cloud.Layer.Faults.Add(new Fault("elasticloadbalancing", "CreateLoadBalancer", FaultKind.ResourceStuck));
        var sg = await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("alb-sg"));

        var created = await Scenario.LoadBalancerAsync(cloud, MotoFixture.Unique("alb"), sg);
        cloud.Advance(TimeSpan.FromDays(1));
        var later = await cloud.Aws.QueryAsync("elasticloadbalancing", "DescribeLoadBalancers", ("LoadBalancerArns.member.1", created.First("LoadBalancerArn")!));

        Assert.Equal("provisioning", later.First("Code"));
    }

    private static async Task<Image> DescribeAsync(TestCloud cloud, string imageId) =>
        (await cloud.Ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [imageId] }, TestContext.Current.CancellationToken)).Images.Single();
}
