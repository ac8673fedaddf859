using System.Net.Http.Headers;
using System.Text;
using Provisioner.LocalCloud.Wire;

namespace Provisioner.LocalCloud.Tests.Wire;

public class AwsCallTests
{
    private static HttpRequestMessage Signed(HttpMethod method, string path, string service, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, "http://127.0.0.1:5000" + path) { Content = content };
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/{service}/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc");
        return request;
    }

    [Fact]
    public async Task ReadAsync_Ec2Form_IsEc2QueryWithActionAndParams()
    {
        using var request = Signed(HttpMethod.Post, "/", "ec2",
            new FormUrlEncodedContent([new("Action", "CreateImage"), new("Version", "2016-11-15"), new("Name", "a b")]));

        var call = await AwsCall.ReadAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(("ec2", "CreateImage", AwsProtocol.Ec2Query, "eu-west-1"), (call.Service, call.Action, call.Protocol, call.Region));
        Assert.Equal("a b", call.Param("Name"));
        // The body is still there for the next handler.
        Assert.Contains("Action=CreateImage", await request.Content!.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_QueryList_ReadsMembersInOrder()
    {
        using var request = Signed(HttpMethod.Post, "/", "elasticloadbalancing",
            new FormUrlEncodedContent([new("Action", "CreateLoadBalancer"), new("Subnets.member.1", "s1"), new("Subnets.member.2", "s2")]));

        var call = await AwsCall.ReadAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(AwsProtocol.Query, call.Protocol);
        Assert.Equal(["s1", "s2"], call.ParamList("Subnets.member"));
    }

    [Fact]
    public async Task ReadAsync_JsonTarget_ActionAfterTheDot()
    {
        using var content = new StringContent("{\"logGroupName\":\"g\"}", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var request = Signed(HttpMethod.Post, "/", "logs", content);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "Logs_20140328.CreateExportTask");

        var call = await AwsCall.ReadAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(("logs", "CreateExportTask", AwsProtocol.Json), (call.Service, call.Action, call.Protocol));
        Assert.Equal("g", call.Json["logGroupName"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("POST", "/schedules/prov-a-log-export", "CreateSchedule")]
    [InlineData("DELETE", "/schedules/prov-a-log-export", "DeleteSchedule")]
    [InlineData("GET", "/schedules/prov-a-log-export", "GetSchedule")]
    [InlineData("PUT", "/schedules/x", "UpdateSchedule")]
    [InlineData("GET", "/schedules", "ListSchedules")]
    public async Task ReadAsync_SchedulerRestJson_ActionFromMethodAndPath(string method, string path, string action)
    {
        using var request = Signed(new HttpMethod(method), path, "scheduler");

        var call = await AwsCall.ReadAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(("scheduler", action, AwsProtocol.RestJson), (call.Service, call.Action, call.Protocol));
    }
}
