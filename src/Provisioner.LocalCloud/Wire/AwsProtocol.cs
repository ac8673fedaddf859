namespace Provisioner.LocalCloud.Wire;

/// <summary>The AWS wire protocols the project's clients speak (they decide the shape of an error).</summary>
public enum AwsProtocol
{
    /// <summary>EC2's own dialect of the Query protocol (errors in <c>Response/Errors/Error</c>).</summary>
    Ec2Query,

    /// <summary>Query/XML (ELBv2, Auto Scaling, CloudWatch, SNS, STS): errors in <c>ErrorResponse/Error</c>.</summary>
    Query,

    /// <summary>JSON 1.0/1.1 with <c>X-Amz-Target</c> (Logs, ACM, Step Functions, DynamoDB).</summary>
    Json,

    /// <summary>REST-JSON (EventBridge Scheduler): action from method and path, error type in a header.</summary>
    RestJson,

    /// <summary>REST-XML (S3).</summary>
    RestXml,
}
