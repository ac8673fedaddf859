using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.EC2;
using Amazon.EC2.Model;
using Provisioner.LocalCloud.Inspection;
using Provisioner.LocalCloud.Wire;
using Provisioner.LocalCloud.Tests.Fixtures;

namespace Provisioner.LocalCloud.Tests.Inspection;

public class ResourceInspectorTests(MotoFixture moto)
{
    private const string EnvKey = "provisioner:environment";

    [Fact]
    public async Task ListAsync_FindsEveryTypeOfTheEnvironment_AndNothingOfAnother()
    {
        using var cloud = new TestCloud(moto);
        var env = "e" + Guid.NewGuid().ToString("N")[..8];
        var other = "o" + Guid.NewGuid().ToString("N")[..8];
        var prefix = $"prov-{env}";

        await CreateEverythingAsync(cloud, env, prefix);
        await Scenario.SecurityGroupAsync(cloud, MotoFixture.Unique("untagged"));
        await cloud.Aws.QueryAsync("ec2", "CreateSecurityGroup", ("GroupName", MotoFixture.Unique("other")), ("GroupDescription", "x"),
            ("VpcId", cloud.Seed.VpcId), ("TagSpecification.1.ResourceType", "security-group"),
            ("TagSpecification.1.Tag.1.Key", EnvKey), ("TagSpecification.1.Tag.1.Value", other));

        var found = await moto.Cloud.Inspection.ListAsync(env, TestContext.Current.CancellationToken);

        Assert.Equal(
            new[]
            {
                InspectedTypes.Image, InspectedTypes.Snapshot, InspectedTypes.SecurityGroup, InspectedTypes.LaunchTemplate, InspectedTypes.Instance,
                InspectedTypes.LoadBalancer, InspectedTypes.TargetGroup, InspectedTypes.Listener, InspectedTypes.AutoScalingGroup,
                InspectedTypes.Alarm, InspectedTypes.Dashboard, InspectedTypes.Topic, InspectedTypes.LogGroup, InspectedTypes.Schedule,
                InspectedTypes.Certificate,
            }.Order(),
            found.Select(r => r.Type).Distinct().Order());
        Assert.Single(found, r => r.Type == InspectedTypes.SecurityGroup);
        Assert.All(found.Where(r => r.Type is not (InspectedTypes.Dashboard or InspectedTypes.Schedule)),
            r => Assert.Equal(env, r.Tags[EnvKey]));
        Assert.Empty(await moto.Cloud.Inspection.ListAsync("z" + Guid.NewGuid().ToString("N")[..8], TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ListAsync_ResourceDeletedBetweenListAndRead_IsNotReportedAndNothingThrows()
    {
        using var cloud = new TestCloud(moto);
        var env = "g" + Guid.NewGuid().ToString("N")[..8];
        await CreateEverythingAsync(cloud, env, $"prov-{env}");
        // Another execution's teardown wins the race: each tag or listener read finds its resource already gone.
        using var racing = new DeleteBeforeReadHandler(moto.Endpoint) { InnerHandler = new HttpClientHandler() };
        using var backchannel = new MotoBackchannel(moto.Endpoint, handler: racing);

        var found = await new ResourceInspector(backchannel).ListAsync(env, TestContext.Current.CancellationToken);

        // (Alarms are left out: moto still answers ListTagsForResource for a deleted alarm, where AWS says ResourceNotFound.)
        Assert.DoesNotContain(found, r => r.Type is InspectedTypes.Certificate or InspectedTypes.Topic
            or InspectedTypes.LogGroup or InspectedTypes.Listener);
        Assert.Contains(found, r => r.Type == InspectedTypes.LoadBalancer);
        Assert.True(racing.Deleted >= 5, $"the handler deleted {racing.Deleted} resources before their reads");
    }

    /// <summary>Deletes the resource a per-item read names just before the read reaches the emulator.</summary>
    private sealed class DeleteBeforeReadHandler(Uri endpoint) : DelegatingHandler
    {
        private readonly MotoBackchannel _direct = new(endpoint);
        public int Deleted { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : "";
            var form = body.Contains('=') && !body.StartsWith('{')
                ? body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.ElementAtOrDefault(1) ?? "").Replace('+', ' '))
                : [];
            var json = body.StartsWith('{') ? JsonNode.Parse(body)!.AsObject() : [];
            if (target.EndsWith(".ListTagsForCertificate", StringComparison.Ordinal))
            {
                await DeleteAsync(() => _direct.JsonAsync("acm", "DeleteCertificate", new JsonObject { ["CertificateArn"] = json["CertificateArn"]!.GetValue<string>() }, cancellationToken));
            }
            else if (target.EndsWith(".ListTagsLogGroup", StringComparison.Ordinal))
            {
                await DeleteAsync(() => _direct.JsonAsync("logs", "DeleteLogGroup", new JsonObject { ["logGroupName"] = json["logGroupName"]!.GetValue<string>() }, cancellationToken));
            }
            else if (form.GetValueOrDefault("Action") == "ListTagsForResource" && form.TryGetValue("ResourceArn", out var topic))
            {
                await DeleteAsync(() => _direct.QueryAsync("sns", "DeleteTopic", [new("TopicArn", topic)], cancellationToken));
            }
            else if (form.GetValueOrDefault("Action") == "ListTagsForResource" && form.TryGetValue("ResourceARN", out var alarm))
            {
                await DeleteAsync(() => _direct.QueryAsync("monitoring", "DeleteAlarms", [new("AlarmNames.member.1", alarm[(alarm.LastIndexOf(':') + 1)..])], cancellationToken));
            }
            else if (form.GetValueOrDefault("Action") == "DescribeListeners" && form.TryGetValue("LoadBalancerArn", out var balancer))
            {
                var listeners = await _direct.QueryAsync("elasticloadbalancing", "DescribeListeners", [new("LoadBalancerArn", balancer)], cancellationToken);
                foreach (var arn in listeners.Descendants().Where(e => e.Name.LocalName == "ListenerArn").Select(e => e.Value).ToList())
                {
                    await DeleteAsync(() => _direct.QueryAsync("elasticloadbalancing", "DeleteListener", [new("ListenerArn", arn)], cancellationToken));
                }
            }
            return await base.SendAsync(request, cancellationToken);
        }

        private async Task DeleteAsync<T>(Func<Task<T>> delete)
        {
            await delete();
            Deleted++;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _direct.Dispose();
            }
            base.Dispose(disposing);
        }
    }

    private static async Task CreateEverythingAsync(TestCloud cloud, string env, string prefix)
    {
        var ct = TestContext.Current.CancellationToken;
        (string, string)[] ec2Tag(string type) =>
            [("TagSpecification.1.ResourceType", type), ("TagSpecification.1.Tag.1.Key", EnvKey), ("TagSpecification.1.Tag.1.Value", env)];
        (string, string)[] queryTag = [("Tags.member.1.Key", EnvKey), ("Tags.member.1.Value", env)];

        // EC2: image + snapshots, security group, launch template, instance.
        var tags = new List<Tag> { new(EnvKey, env) };
        await cloud.Ec2.CreateImageAsync(new CreateImageRequest
        {
            InstanceId = cloud.Seed.InstanceId, Name = prefix + "-ami",
            TagSpecifications = [new() { ResourceType = ResourceType.Image, Tags = tags }, new() { ResourceType = ResourceType.Snapshot, Tags = tags }],
        }, ct);
        var sg = (await cloud.Aws.QueryAsync("ec2", "CreateSecurityGroup",
            [("GroupName", prefix + "-alb-sg"), ("GroupDescription", "x"), ("VpcId", cloud.Seed.VpcId), .. ec2Tag("security-group")])).First("groupId")!;
        var lt = (await cloud.Aws.QueryAsync("ec2", "CreateLaunchTemplate",
            [("LaunchTemplateName", prefix + "-lt"), ("LaunchTemplateData.ImageId", cloud.Seed.ImageId), .. ec2Tag("launch-template")])).First("launchTemplateId")!;
        await cloud.Ec2.RunInstancesAsync(new RunInstancesRequest
        {
            ImageId = cloud.Seed.ImageId, MinCount = 1, MaxCount = 1, InstanceType = InstanceType.T3Micro,
            TagSpecifications = [new() { ResourceType = ResourceType.Instance, Tags = tags }],
        }, ct);

        // ELBv2: target group, load balancer, listener.
        var tg = (await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateTargetGroup",
            [("Name", prefix + "-tg"), ("Protocol", "HTTP"), ("Port", "5000"), ("VpcId", cloud.Seed.VpcId), .. queryTag])).First("TargetGroupArn")!;
        var alb = (await cloud.Aws.QueryAsync("elasticloadbalancing", "CreateLoadBalancer",
            [("Name", prefix + "-alb"), ("SecurityGroups.member.1", sg), ("Subnets.member.1", cloud.Seed.SubnetIds[0]),
             ("Subnets.member.2", cloud.Seed.SubnetIds[1]), .. queryTag])).First("LoadBalancerArn")!;
        await Scenario.ListenerAsync(cloud, alb, tg);

        // Auto Scaling.
        var asg = await cloud.Aws.QueryAsync("autoscaling", "CreateAutoScalingGroup",
            ("AutoScalingGroupName", prefix + "-asg"), ("LaunchTemplate.LaunchTemplateId", lt), ("LaunchTemplate.Version", "$Latest"),
            ("MinSize", "0"), ("MaxSize", "1"), ("DesiredCapacity", "0"), ("VPCZoneIdentifier", cloud.Seed.SubnetIds[0]),
            ("Tags.member.1.Key", EnvKey), ("Tags.member.1.Value", env), ("Tags.member.1.PropagateAtLaunch", "true"),
            ("Tags.member.1.ResourceId", prefix + "-asg"), ("Tags.member.1.ResourceType", "auto-scaling-group"));
        Assert.Equal(HttpStatusCode.OK, asg.Status);

        // CloudWatch: alarm (tagged) and dashboard (by name).
        Assert.Equal(HttpStatusCode.OK, (await cloud.Aws.QueryAsync("monitoring", "PutMetricAlarm",
            [("AlarmName", prefix + "-cpu-high"), ("MetricName", "CPUUtilization"), ("Namespace", "AWS/EC2"), ("Statistic", "Average"),
             ("Period", "60"), ("EvaluationPeriods", "2"), ("Threshold", "60"), ("ComparisonOperator", "GreaterThanThreshold"), .. queryTag])).Status);
        Assert.Equal(HttpStatusCode.OK, (await cloud.Aws.QueryAsync("monitoring", "PutDashboard",
            ("DashboardName", prefix), ("DashboardBody", "{\"widgets\":[]}"))).Status);

        // SNS, Logs.
        Assert.Equal(HttpStatusCode.OK, (await cloud.Aws.QueryAsync("sns", "CreateTopic", [("Name", prefix + "-alerts"), .. queryTag])).Status);
        Assert.Equal(HttpStatusCode.OK, (await cloud.Aws.JsonAsync("logs", "CreateLogGroup",
            new JsonObject { ["logGroupName"] = $"/provisioner/{env}/app", ["tags"] = new JsonObject { [EnvKey] = env } })).Status);

        // Scheduler (REST-JSON): schedules carry no tags.
        using (var schedule = new HttpRequestMessage(HttpMethod.Post, $"/schedules/{prefix}-log-export")
        {
            Content = new StringContent(new JsonObject
            {
                ["ScheduleExpression"] = "rate(1 day)",
                ["FlexibleTimeWindow"] = new JsonObject { ["Mode"] = "FLEXIBLE", ["MaximumWindowInMinutes"] = 15 },
                ["Target"] = new JsonObject
                {
                    ["Arn"] = "arn:aws:states:us-east-1:123456789012:stateMachine:log-export",
                    ["RoleArn"] = "arn:aws:iam::123456789012:role/scheduler",
                },
            }.ToJsonString(), Encoding.UTF8, "application/json"),
        })
        {
            schedule.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/scheduler/aws4_request, SignedHeaders=host, Signature=00");
            using var response = await cloud.Http.SendAsync(schedule, ct);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(ct));
        }

        // ACM: an imported self-signed certificate.
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={prefix}.example.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var imported = await cloud.Aws.JsonAsync("acm", "ImportCertificate", new JsonObject
        {
            ["Certificate"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(certificate.ExportCertificatePem())),
            ["PrivateKey"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem())),
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = EnvKey, ["Value"] = env }),
        });
        Assert.Equal(HttpStatusCode.OK, imported.Status);
    }
}
