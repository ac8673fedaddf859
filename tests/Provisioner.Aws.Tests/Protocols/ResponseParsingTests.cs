using System.Net;
using System.Text;
using Amazon.Runtime;
using Provisioner.Aws.Scheduler;
using Provisioner.Aws.StepFunctions;

namespace Provisioner.Aws.Tests.Protocols;

/// <summary>Answers shaped as AWS documents them (members moto does not send), read by our clients.</summary>
public sealed class ResponseParsingTests
{
    private sealed class Canned(string body, string contentType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, contentType) });
    }

    private static AwsClients Clients(string body, string contentType = "application/x-amz-json-1.0") => new(new AwsSettings
    {
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
        EndpointUrl = new Uri("http://127.0.0.1:1/"),
        PrimaryHandler = () => new Canned(body, contentType),
    });

    [Fact]
    public async Task GetExecutionHistory_LiftsDetailsFromEachEventType()
    {
        const string body = """
            {"events":[
              {"timestamp":1767225600.123,"type":"ExecutionStarted","id":1,"previousEventId":0,
               "executionStartedEventDetails":{"input":"{\"spec\":{}}","roleArn":"arn:aws:iam::123456789012:role/sfn"}},
              {"timestamp":1767225601,"type":"TaskStateEntered","id":2,"previousEventId":1,
               "stateEnteredEventDetails":{"name":"CreateAmi","input":"{}"}},
              {"timestamp":1767225602,"type":"TaskFailed","id":3,"previousEventId":2,
               "taskFailedEventDetails":{"resourceType":"lambda","resource":"invoke","error":"Provisioner.Rejected","cause":"InvalidInstanceID.NotFound"}},
              {"timestamp":1767225603,"type":"TaskStateExited","id":4,"previousEventId":3,
               "stateExitedEventDetails":{"name":"CreateAmi","output":"{\"amiId\":\"ami-1\"}"}}
            ],"nextToken":"page-2"}
            """;
        using var clients = Clients(body);
        var history = await clients.StepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:p:e" }, TestContext.Current.CancellationToken);

        Assert.Equal("page-2", history.NextToken);
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "TaskFailed", "TaskStateExited"], history.Events.Select(e => e.Type));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767225600123), history.Events[0].Timestamp);
        Assert.Equal("""{"spec":{}}""", history.Events[0].Input);
        Assert.Equal("CreateAmi", history.Events[1].StateName);
        Assert.Equal(("Provisioner.Rejected", "InvalidInstanceID.NotFound", "invoke"), (history.Events[2].Error, history.Events[2].Cause, history.Events[2].Resource));
        Assert.Equal(2, history.Events[2].PreviousEventId);
        Assert.Equal("""{"amiId":"ami-1"}""", history.Events[3].Output);
    }

    [Fact]
    public async Task DescribeExecution_ReadsRedriveAndFailure()
    {
        const string body = """
            {"executionArn":"arn:e","stateMachineArn":"arn:sm","name":"shop-dev-create-1","status":"FAILED",
             "startDate":1767225600,"stopDate":1767225660.5,"input":"{}","error":"Provisioner.Rejected","cause":"boom",
             "redriveCount":2,"redriveStatus":"REDRIVABLE"}
            """;
        using var clients = Clients(body);
        var execution = await clients.StepFunctions.DescribeExecutionAsync("arn:e", TestContext.Current.CancellationToken);
        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767225660500), execution.StopDate);
        Assert.Equal(("Provisioner.Rejected", "boom"), (execution.Error, execution.Cause));
        Assert.Equal(2, execution.RedriveCount);
        Assert.Equal("REDRIVABLE", execution.RedriveStatus);
        Assert.Null(execution.Output);
    }

    [Fact]
    public async Task GetSchedule_ReadsTargetWindowAndDates()
    {
        const string body = """
            {"Arn":"arn:aws:scheduler:us-east-1:123456789012:schedule/default/prov-x","Name":"prov-x","GroupName":"default",
             "ScheduleExpression":"rate(1 day)","State":"ENABLED","CreationDate":1767225600,"LastModificationDate":1767225601,
             "FlexibleTimeWindow":{"Mode":"FLEXIBLE","MaximumWindowInMinutes":15},
             "Target":{"Arn":"arn:sm","RoleArn":"arn:role","Input":"{}","RetryPolicy":{"MaximumRetryAttempts":3,"MaximumEventAgeInSeconds":3600}}}
            """;
        using var clients = Clients(body, "application/json");
        var schedule = await clients.Scheduler.GetScheduleAsync("prov-x", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(FlexibleTimeWindow.Flexible(15), schedule.FlexibleTimeWindow);
        Assert.Equal(new ScheduleTarget("arn:sm", "arn:role", "{}", 3, 3600), schedule.Target);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225600), schedule.CreationDate);
    }

    [Fact]
    public async Task DescribeLoadBalancers_ReadsStateAndAvailabilityZones()
    {
        const string body = """
            <DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
              <DescribeLoadBalancersResult>
                <LoadBalancers><member>
                  <LoadBalancerArn>arn:lb</LoadBalancerArn><LoadBalancerName>prov-x-alb</LoadBalancerName>
                  <DNSName>prov-x-alb-1.us-east-1.elb.amazonaws.com</DNSName><CanonicalHostedZoneId>Z35SXDOTRQ7X7K</CanonicalHostedZoneId>
                  <Scheme>internet-facing</Scheme><Type>application</Type><VpcId>vpc-1</VpcId>
                  <State><Code>failed</Code><Reason>Not enough IP space</Reason></State>
                  <CreatedTime>2026-01-01T00:00:00.120Z</CreatedTime>
                  <SecurityGroups><member>sg-1</member></SecurityGroups>
                  <AvailabilityZones><member><ZoneName>us-east-1a</ZoneName><SubnetId>subnet-a</SubnetId></member><member><ZoneName>us-east-1b</ZoneName><SubnetId>subnet-b</SubnetId></member></AvailabilityZones>
                </member></LoadBalancers>
                <NextMarker>m2</NextMarker>
              </DescribeLoadBalancersResult>
              <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
            </DescribeLoadBalancersResponse>
            """;
        using var clients = Clients(body, "text/xml");
        var page = await clients.ElbV2.DescribeLoadBalancersAsync(new ElasticLoadBalancing.DescribeLoadBalancersRequest(), TestContext.Current.CancellationToken);
        var lb = Assert.Single(page.LoadBalancers);
        Assert.Equal(("failed", "Not enough IP space"), (lb.StateCode, lb.StateReason));
        Assert.Equal(["subnet-a", "subnet-b"], lb.SubnetIds);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, 120, TimeSpan.Zero), lb.CreatedTime);
        Assert.Equal("m2", page.NextMarker);
    }
}
