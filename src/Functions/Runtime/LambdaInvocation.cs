namespace Provisioner.Functions.Runtime;

/// <summary>One event from the Lambda Runtime API's <c>next</c> call.</summary>
public sealed record LambdaInvocation(
    string RequestId,
    DateTimeOffset Deadline,
    string? FunctionArn,
    string? TraceId,
    ReadOnlyMemory<byte> Payload);
