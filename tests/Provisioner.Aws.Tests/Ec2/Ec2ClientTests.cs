using System.Net;
using System.Text;
using Amazon.Runtime;
using Provisioner.Aws.Ec2;

namespace Provisioner.Aws.Tests.Ec2;

/// <summary>The EC2 adapter turns whatever the official SDK throws into the project's failure types.</summary>
public sealed class Ec2ClientTests
{
    private sealed class Answer(Func<HttpResponseMessage> respond) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(respond());
        }
    }

    private static AwsClients Clients(HttpMessageHandler handler) => new(new AwsSettings
    {
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials("testing", "testing"),
        EndpointUrl = new Uri("http://127.0.0.1:1/"),
        PrimaryHandler = () => handler,
        // The SDK's own retries wait on real time: one attempt here.
        Retry = new AwsRetryOptions { MaxAttempts = 1 },
    });

    [Fact]
    public async Task ServiceError_BecomesAwsServiceException_WithCodeStatusAndRequestId()
    {
        var handler = new Answer(() => new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent(
                "<Response><Errors><Error><Code>DependencyViolation</Code><Message>resource sg-1 has a dependent object</Message></Error></Errors><RequestID>ec2-req-1</RequestID></Response>",
                Encoding.UTF8, "text/xml"),
        });
        using var clients = Clients(handler);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Ec2.DeleteSecurityGroupAsync("sg-1", TestContext.Current.CancellationToken));
        Assert.Equal(("ec2", "DeleteSecurityGroup", "DependencyViolation"), (error.Service, error.Action, error.ErrorCode));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("ec2-req-1", error.RequestId);
        Assert.False(error.IsNotFound);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Throttling_IsClassifiedTransient()
    {
        var handler = new Answer(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
        {
            Content = new StringContent(
                "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>",
                Encoding.UTF8, "text/xml"),
        });
        using var clients = Clients(handler);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => clients.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest(), TestContext.Current.CancellationToken));
        Assert.Equal("RequestLimitExceeded", error.ErrorCode);
        Assert.True(error.IsThrottling);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task TransportFailure_SurfacesAsHttpRequestException()
    {
        var handler = new Answer(() => throw new HttpRequestException("connection refused"));
        using var clients = Clients(handler);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => clients.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest(), TestContext.Current.CancellationToken));
        Assert.IsType<HttpRequestException>(error);
    }

    /// <summary>Answers DescribeVpcs pages in turn (one VPC each, then the given next token) and keeps the request bodies.</summary>
    private sealed class VpcPages(params string?[] nextTokens) : HttpMessageHandler
    {
        public List<string> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Bodies.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
            var page = Bodies.Count;
            var next = nextTokens[Math.Min(page, nextTokens.Length) - 1];
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(
                    "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId>" +
                    $"<vpcSet><item><vpcId>vpc-{page}</vpcId><cidrBlock>10.{page}.0.0/16</cidrBlock><isDefault>false</isDefault></item></vpcSet>" +
                    (next is null ? "" : $"<nextToken>{next}</nextToken>") + "</DescribeVpcsResponse>",
                    Encoding.UTF8, "text/xml"),
            };
        }
    }

    [Fact]
    public async Task DescribeVpcs_SeveralPages_FollowsEveryTokenAndReturnsAll()
    {
        var handler = new VpcPages("t1", "t2", null);
        using var clients = Clients(handler);

        var vpcs = await clients.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest(), TestContext.Current.CancellationToken);

        Assert.Equal(["vpc-1", "vpc-2", "vpc-3"], vpcs.Select(v => v.VpcId));
        Assert.DoesNotContain("NextToken", handler.Bodies[0], StringComparison.Ordinal);
        Assert.Contains("NextToken=t1", handler.Bodies[1], StringComparison.Ordinal);
        Assert.Contains("NextToken=t2", handler.Bodies[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeVpcs_RepeatedPageToken_StopsInsteadOfLooping()
    {
        var handler = new VpcPages("t1", "t1");
        using var clients = Clients(handler);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => clients.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest(), TestContext.Current.CancellationToken));

        Assert.Contains("'t1' twice", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.Bodies.Count);
    }
}
