using Amazon.DynamoDBv2.Model;
using Provisioner.Aws.Ec2;

namespace Provisioner.Aws.Tests.Moto;

/// <summary>
/// Every client, ours and the official SDK's, sends through the same transport: extra handlers sit innermost
/// and see the final signed request (what the LocalCloud realism layer relies on).
/// </summary>
public sealed class PipelineMotoTests(MotoFixture moto) : MotoTest(moto)
{
    private sealed class Recorder(List<string> log, string name) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var authorization = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : "(unsigned)";
            lock (log)
            {
                log.Add($"{name} {request.RequestUri!.Port} {authorization}");
            }
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task ExtraHandlers_SeeEverySignedRequest_OfOurAndTheSdkClients_InOrder()
    {
        var log = new List<string>();
        var transports = 0;
        using var clients = new AwsClients(AwsSettings.ForLocalEndpoint(Moto.Server.Endpoint) with
        {
            Handlers = [() => { Interlocked.Increment(ref transports); return new Recorder(log, "outer"); }, () => new Recorder(log, "inner")],
        });

        await clients.Sns.CreateTopicAsync("prov-pipeline", cancellationToken: Ct);
        await clients.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest(), Ct);
        await clients.S3.ListBucketsAsync(Ct);
        await clients.DynamoDb.ListTablesAsync(new ListTablesRequest(), Ct);

        var port = Moto.Server.Endpoint.Port;
        Assert.True(log.Count == 8, string.Join("\n", log));
        string[] services = ["sns", "ec2", "s3", "dynamodb"];
        for (var i = 0; i < services.Length; i++)
        {
            Assert.StartsWith($"outer {port} AWS4-HMAC-SHA256 Credential=testing/", log[2 * i], StringComparison.Ordinal);
            Assert.Contains($"/us-east-1/{services[i]}/aws4_request", log[2 * i], StringComparison.Ordinal);
            Assert.Equal(log[2 * i].Replace("outer", "inner", StringComparison.Ordinal), log[(2 * i) + 1]);
        }

        // One transport per client (ours share one), not one per request: connections are pooled.
        await clients.Ec2.DescribeVpcsAsync(new DescribeVpcsRequest(), Ct);
        await clients.S3.ListBucketsAsync(Ct);
        await clients.Sns.CreateTopicAsync("prov-pipeline-2", cancellationToken: Ct);
        Assert.Equal(4, transports);
    }
}
