using System.Net;
using Provisioner.Aws.Protocols;

namespace Provisioner.Aws.Tests.Protocols;

public sealed class AwsErrorParserTests
{
    private static readonly Func<string, string?> NoHeaders = _ => null;

    [Fact]
    public void QueryXmlError_ReadsCodeMessageAndRequestId()
    {
        const string body = """
            <ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
              <Error><Type>Sender</Type><Code>TargetGroupNotFound</Code><Message>One or more target groups not found</Message></Error>
              <RequestId>5c1e7a1e-0000</RequestId>
            </ErrorResponse>
            """;
        var error = AwsErrorParser.FromResponse(AwsService.ElasticLoadBalancingV2, "DescribeTargetGroups", HttpStatusCode.BadRequest, body, NoHeaders);
        Assert.Equal("TargetGroupNotFound", error.ErrorCode);
        Assert.Equal("One or more target groups not found", error.ErrorMessage);
        Assert.Equal("5c1e7a1e-0000", error.RequestId);
        Assert.Equal("elasticloadbalancing", error.Service);
        Assert.True(error.IsNotFound);
        Assert.Contains("DescribeTargetGroups", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ec2XmlError_ReadsErrorsAndRequestID()
    {
        const string body = "<Response><Errors><Error><Code>InvalidGroup.NotFound</Code><Message>The security group 'sg-1' does not exist</Message></Error></Errors><RequestID>ec2-req</RequestID></Response>";
        var error = AwsErrorParser.FromResponse(AwsService.Ec2, "DeleteSecurityGroup", HttpStatusCode.BadRequest, body, NoHeaders);
        Assert.Equal("InvalidGroup.NotFound", error.ErrorCode);
        Assert.Equal("ec2-req", error.RequestId);
        Assert.True(error.IsNotFound);
    }

    [Fact]
    public void JsonError_StripsTheNamespaceFromType_AndTakesTheRequestIdHeader()
    {
        const string body = """{"__type":"com.amazonaws.logs#ResourceNotFoundException","message":"The specified log group does not exist."}""";
        var error = AwsErrorParser.FromResponse(AwsService.CloudWatchLogs, "DeleteLogGroup", HttpStatusCode.BadRequest, body,
            name => name == "x-amzn-RequestId" ? "json-req" : null);
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal("The specified log group does not exist.", error.ErrorMessage);
        Assert.Equal("json-req", error.RequestId);
    }

    [Fact]
    public void JsonError_CapitalMessage_IsRead()
    {
        var error = AwsErrorParser.FromResponse(AwsService.StepFunctions, "StartExecution", HttpStatusCode.BadRequest,
            """{"__type":"ExecutionAlreadyExists","Message":"Execution Already Exists"}""", NoHeaders);
        Assert.Equal("ExecutionAlreadyExists", error.ErrorCode);
        Assert.Equal("Execution Already Exists", error.ErrorMessage);
    }

    [Fact]
    public void RestJsonError_CodeFromErrorTypeHeader()
    {
        var error = AwsErrorParser.FromResponse(AwsService.Scheduler, "GetSchedule", HttpStatusCode.NotFound,
            """{"Message":"Schedule prov-x does not exist."}""",
            name => name == "x-amzn-ErrorType" ? "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.aws.scheduler/" : null);
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal("Schedule prov-x does not exist.", error.ErrorMessage);
        Assert.True(error.IsNotFound);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "", "InternalFailure", true)]
    [InlineData(HttpStatusCode.TooManyRequests, "", "TooManyRequestsException", true)]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "InternalFailure", true)]
    [InlineData(HttpStatusCode.Forbidden, "not json {", "Unknown", false)]
    public void UnparseableBody_FallsBackOnTheStatus(HttpStatusCode status, string body, string code, bool transient)
    {
        var error = AwsErrorParser.FromResponse(AwsService.Sns, "Publish", status, body, NoHeaders);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(transient, error.IsTransient);
    }

    [Fact]
    public void AutoScalingValidationError_NotFoundMessage_IsNotFound_OtherValidationIsNot()
    {
        var missing = new AwsServiceException("autoscaling", "DeleteAutoScalingGroup", "ValidationError", "AutoScalingGroup name not found - prov-x", HttpStatusCode.BadRequest, null);
        var invalid = new AwsServiceException("autoscaling", "CreateAutoScalingGroup", "ValidationError", "Max bound, 3, must be greater than or equal to min bound, 4", HttpStatusCode.BadRequest, null);
        Assert.True(missing.IsNotFound);
        Assert.False(invalid.IsNotFound);
        Assert.False(invalid.IsTransient);
    }
}
